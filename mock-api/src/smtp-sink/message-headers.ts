/** The header block of a raw RFC 5322 message, unfolded: one entry per field. */
function headerFields(raw: Buffer): string[] {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  // A line starting with whitespace continues the field before it (RFC 5322 §2.2.3).
  return block.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/);
}

/** One header's value (the first occurrence), or null when the message has none. */
export function headerValue(raw: Buffer, name: string): string | null {
  const prefix = `${name.toLowerCase()}:`;
  const field = headerFields(raw).find((line) => line.toLowerCase().startsWith(prefix));
  return field === undefined ? null : field.slice(prefix.length).trim();
}
