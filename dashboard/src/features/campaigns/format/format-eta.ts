/**
 * The api's estimate, rounded to what a person can use: "about 40 s", "about 17 min",
 * "about 2 h 5 min". Null means the api does not know the provider's pace yet.
 */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  const wholeSeconds = Math.max(1, Math.round(seconds));
  if (wholeSeconds < 60) return `about ${wholeSeconds} s`;
  const totalMinutes = Math.round(seconds / 60);
  if (totalMinutes < 60) return `about ${totalMinutes} min`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? `about ${hours} h` : `about ${hours} h ${minutes} min`;
}
