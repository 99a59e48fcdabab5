/**
 * The MongoDB condition for "recipient contains this text", case-insensitively. The text is
 * escaped, so it is matched literally and a caller cannot inject a pattern (or a slow one).
 */
export const recipientMatch = (text: string) => ({
  $regex: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  $options: 'i',
});
