/**
 * `npm run bench`: runs every benchmark in turn, each printing its own table.
 * `npm run bench -- rag-query mcp-overhead` runs only those. Figures are reported in the README.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.includes('.test.'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = wanted.length ? wanted : all;

let failed = 0;
for (const name of chosen) {
  const file = join(dir, `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`No benchmark "${name}". Available: ${all.join(', ')}`);
    failed++;
    continue;
  }
  console.log(`\n## ${name}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(dir, '..', 'tsconfig.node.json') },
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
