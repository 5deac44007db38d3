import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the generated SQL migrations are: beside this file in the sources, and copied beside the
 * bundle (out/main/migrations) by the build.
 */
export function migrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Sources: beside this file. Bundle: out/main/migrations, with this code in out/main or out/main/chunks.
  const candidates = [join(here, 'migrations'), join(here, '..', 'migrations')];
  const found = candidates.find((dir) => existsSync(join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`Database migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

export const MIGRATIONS_TABLE = { migrationsSchema: 'public', migrationsTable: '__agent_factory_migrations' };
