/**
 * `pnpm --filter @aigw/libsql gen:migrations [--name add_cache]`: runs `drizzle-kit generate` for
 * src/schema.ts into drizzle/, then embeds every migration in src/migrations.ts (Workers cannot
 * read files at run time).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrations, renderMigrationsModule } from './read-migrations.ts';

const root = join(import.meta.dirname, '..');
execFileSync(join(root, 'node_modules', '.bin', 'drizzle-kit'), ['generate', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
const migrations = readMigrations(join(root, 'drizzle'));
writeFileSync(join(root, 'src', 'migrations.ts'), renderMigrationsModule(migrations));
console.log(`[aigw] [libsql] embedded ${migrations.length} migration(s) in src/migrations.ts`);
