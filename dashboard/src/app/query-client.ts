import { QueryClient } from '@tanstack/react-query';

export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      // One quick retry hides a blip; more would only delay showing the error.
      queries: { retry: 1, refetchOnWindowFocus: false },
    },
  });
