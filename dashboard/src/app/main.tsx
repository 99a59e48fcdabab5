import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createLiveSocket } from '../features/live/live-socket';
import { currentApiKey, takeApiKey } from '../lib/api-key';
import '../styles.css';
import { App } from './app';
import { createQueryClient } from './query-client';

takeApiKey();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <App socket={createLiveSocket(currentApiKey)} />
    </QueryClientProvider>
  </StrictMode>,
);
