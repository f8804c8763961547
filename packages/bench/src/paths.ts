/** Where things are: the repo, this package, and the tsx loader child processes start with. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
/** Absolute, so `node --import` finds it whatever the child's cwd. */
export const TSX_LOADER = import.meta.resolve('tsx');
export const srcFile = (name: string) => join(PACKAGE_DIR, 'src', name);
