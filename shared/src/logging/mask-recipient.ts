/**
 * Logs carry enough of a recipient to tell two apart, never the whole address:
 * `jo***@example.com`, `+*******0123`.
 */
export function maskRecipient(recipient: string): string {
  const at = recipient.lastIndexOf('@');
  if (at > 0) {
    const local = recipient.slice(0, at);
    return `${local.slice(0, Math.min(2, local.length - 1))}***${recipient.slice(at)}`;
  }
  const visible = recipient.slice(-4);
  const hidden = Math.max(recipient.length - 4 - (recipient.startsWith('+') ? 1 : 0), 0);
  return `${recipient.startsWith('+') ? '+' : ''}${'*'.repeat(hidden)}${visible}`;
}
