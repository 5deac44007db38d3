// Start-up shared by the benchmarks (a folder of its own: `bench/run.ts` runs every `bench/*.ts`).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder. */
export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The engine imports `@shared/...`, which tsx resolves only with the node tsconfig: when
 * TSX_TSCONFIG_PATH is not set (`npx tsx bench/x.ts`), runs the bench again with it and exits with
 * its status. Call it with the bench's `import.meta.url` before importing anything of the engine.
 */
export function rerunWithNodeTsconfig(benchUrl: string): void {
  if (process.env.TSX_TSCONFIG_PATH) return;
  const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(benchUrl), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json') },
  });
  process.exit(run.status ?? 1);
}

/** The number after `--name` on the command line, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
