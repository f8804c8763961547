import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The filesystem path of a `file:` URL (`file:./data/aigw.db`, `file:/abs.db`, `file:///abs.db`). */
export function filePath(url: string): string {
  let path = url.slice('file:'.length).split('?')[0] ?? '';
  if (path.startsWith('//')) path = path.slice(path.indexOf('/', 2));
  return decodeURIComponent(path);
}

/**
 * Creates the directory that will hold a `file:` database. Imported only for `file:` URLs, so
 * `node:fs` never reaches the D1 entry or a runtime without a filesystem.
 */
export function ensureParentDirectory(url: string): void {
  mkdirSync(dirname(resolve(filePath(url))), { recursive: true });
}
