// A pre-initialised, migrated PGlite data directory (the "seed"): a new embedded database loads it
// instead of running initdb and every migration, which is most of a first start. The build writes
// it beside the bundle (out/main/pgdata, see electron.vite.config.ts); its name carries a hash of
// what made it (PGlite and pgvector versions, start parameters, every migration), so a seed made
// before a migration changed is never used: without a matching seed a database is made as before.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { MIGRATIONS_TABLE, migrationsFolder } from './migrate';
import { PGLITE_EXTRA_START_PARAMS, createPglite } from './pglite-options';
import { extractTar } from './tar';

/** The version of an installed package (found from its entry point: these packages export no package.json). */
function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  for (let dir = dirname(require.resolve(name)); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name?: string;
      version?: string;
    };
    if (parsed.name === name) return parsed.version ?? '?';
  }
  return '?';
}

/** The seed's file name for these migrations, installed packages and start parameters. */
export function seedFileName(migrationsFolder: string): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([
      packageVersion('@electric-sql/pglite'),
      packageVersion('@electric-sql/pglite-pgvector'),
      PGLITE_EXTRA_START_PARAMS,
    ]),
  );
  const files = [
    'meta/_journal.json',
    ...readdirSync(migrationsFolder)
      .filter((f) => f.endsWith('.sql'))
      .sort(),
  ];
  for (const file of files)
    hash.update(`\0${file}\0`).update(readFileSync(join(migrationsFolder, file)));
  return `seed-${hash.digest('hex').slice(0, 16)}.tar.gz`;
}

/** Where seeds are looked up: `pgdata` beside the bundle (out/main, this code in out/main or out/main/chunks), then the build cache. */
function seedFolders(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, 'pgdata'), join(here, '..', 'pgdata'), ...buildCache(here)];
}

/**
 * The build's copy in node_modules/.cache/agent-factory, found by walking up from this file: code
 * run from the sources (tests) uses the seed the last build made, while the migrations match.
 */
function buildCache(from: string): string[] {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const cache = join(dir, 'node_modules', '.cache', 'agent-factory');
    if (existsSync(cache)) return [cache];
  }
  return [];
}

/** The seed matching these migrations, if one was built; `folders` overrides where to look (tests). */
export function findSeed(
  migrationsFolder: string,
  folders = seedFolders(),
): Uint8Array | undefined {
  const name = seedFileName(migrationsFolder);
  for (const folder of folders) {
    const path = join(folder, name);
    if (existsSync(path)) return readFileSync(path);
  }
  return undefined;
}

/** Whether a database folder still has to be made (no Postgres data directory in it yet). */
export function isNewDatabase(dbDir: string): boolean {
  return !existsSync(join(dbDir, 'PG_VERSION'));
}

/**
 * Writes the seed's data directory as `dbDir` (through a temporary folder renamed into place, so a
 * crash leaves no half database). False, leaving everything as it was, when `dbDir` holds files
 * already (what a failed initdb left): PGlite then loads the seed itself.
 */
export function plantSeed(dbDir: string, seed: Uint8Array): boolean {
  if (existsSync(dbDir)) {
    if (readdirSync(dbDir).length) return false;
    rmdirSync(dbDir);
  }
  const partial = `${dbDir}.seeding-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    extractTar(gunzipSync(seed), partial);
    renameSync(partial, dbDir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return true;
}

/**
 * Before PGlite opens `dbDir` (or an in-memory database): a new on-disk database is made from the
 * seed, when the build made one, by writing its files; returns the seed PGlite has to load itself
 * (in memory, or a folder it could not be written to), undefined when there is nothing to load.
 */
export function seedDatabase(dbDir: string | undefined): Uint8Array | undefined {
  if (dbDir && !isNewDatabase(dbDir)) return undefined;
  const seed = findSeed(migrationsFolder());
  if (!seed || !dbDir) return seed;
  return plantSeed(dbDir, seed) ? undefined : seed;
}

/**
 * Makes the seed for these migrations in `outFolder` (kept as is when it exists already): an
 * in-memory database run through initdb and every migration, checkpointed and dumped.
 * `cacheFolder`, when given, keeps a copy so the next build reuses it. Returns the file's path.
 */
export async function writeSeed(
  migrationsFolder: string,
  outFolder: string,
  cacheFolder?: string,
): Promise<string> {
  const name = seedFileName(migrationsFolder);
  const target = join(outFolder, name);
  if (existsSync(target)) return target;
  mkdirSync(outFolder, { recursive: true });
  const cached = cacheFolder ? join(cacheFolder, name) : undefined;
  let bytes: Uint8Array;
  if (cached && existsSync(cached)) {
    bytes = readFileSync(cached);
  } else {
    const [{ drizzle }, { migrate }] = await Promise.all([
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const db = await createPglite(undefined);
    try {
      await migrate(drizzle({ client: db }), { migrationsFolder, ...MIGRATIONS_TABLE });
      await db.exec('CHECKPOINT');
      bytes = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await db.close();
    }
    if (cached && cacheFolder) {
      writeAtomically(cacheFolder, cached, bytes);
      // Seeds of earlier migrations are never used again.
      for (const old of readdirSync(cacheFolder))
        if (/^seed-[0-9a-f]+\.tar\.gz$/.test(old) && old !== name)
          rmSync(join(cacheFolder, old), { force: true });
    }
  }
  writeAtomically(outFolder, target, bytes);
  return target;
}

function writeAtomically(folder: string, path: string, bytes: Uint8Array): void {
  mkdirSync(folder, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
}
