/** Progress lines on stderr, so stdout keeps only the final table. */
const started = Date.now();

export function log(message: string): void {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${s}s] ${message}\n`);
}
