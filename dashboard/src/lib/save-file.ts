/**
 * Saves a fetched file. A plain link to the api would not carry the API key (it lives in
 * sessionStorage, not a cookie), so the file is fetched with it and handed over as a Blob URL.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers read the Blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
