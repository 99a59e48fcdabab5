import { useCanWrite } from '../../auth/use-can-write';
import { useRetryNotification } from '../api/retry-notification';

/** Replays a failed notification; absent for a key that may not write. */
export function RetryButton({ id }: { id: string }) {
  const canWrite = useCanWrite();
  const retry = useRetryNotification();
  if (!canWrite) return null;
  return (
    <>
      <button
        type="button"
        className="retry"
        disabled={retry.isPending}
        onClick={(event) => {
          event.stopPropagation();
          retry.mutate(id);
        }}
      >
        Retry
      </button>
      {retry.isError && <span role="alert">{retry.error.message}</span>}
    </>
  );
}
