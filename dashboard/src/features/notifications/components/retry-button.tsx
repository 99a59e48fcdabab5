import { useRetryNotification } from '../api/retry-notification';

export function RetryButton({ id }: { id: string }) {
  const retry = useRetryNotification();
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
