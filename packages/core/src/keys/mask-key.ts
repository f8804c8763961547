/**
 * A stored key as lists show it: the first 4 and last 4 characters of long keys (`sk-p…wxyz`),
 * nothing of short ones. Enough to recognise a key, never enough to use it.
 *
 * @example
 * maskKey('sk-proj-abcdefghijklmnop') // 'sk-p…mnop'
 */
export function maskKey(key: string): string {
  if (key.length < 16) return '…' + '*'.repeat(4);
  return `${key.slice(0, 4)}…${key.slice(-4)}`;
}
