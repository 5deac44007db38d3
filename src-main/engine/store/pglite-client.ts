import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

/** A PGlite instance with pgvector, in `dbDir` or in memory. */
export function createPglite(dbDir: string | undefined): Promise<PGlite> {
  return PGlite.create({ ...(dbDir ? { dataDir: dbDir } : {}), extensions: { vector } });
}
