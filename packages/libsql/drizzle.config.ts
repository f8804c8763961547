import { defineConfig } from 'drizzle-kit';

/** Used by `pnpm gen:migrations` only; the runtime applies src/migrations.ts (see src/migrate.ts). */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/schema.ts',
  out: './drizzle',
});
