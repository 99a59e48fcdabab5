import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App } from '../../src/app/app';
import { createQueryClient } from '../../src/app/query-client';
import type { LiveSocket } from '../../src/features/live/live-socket';

export function renderApp(socket: LiveSocket, url = '/') {
  window.history.replaceState(null, '', url);
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <App socket={socket} />
    </QueryClientProvider>,
  );
}
