/**
 * `npm run bench`: runs every benchmark in turn, each printing its own table.
 * `npm run bench -- rag-query mcp-overhead` runs only those; options after the names go to each
 * (`npm run bench -- startup --runs 3`). Figures are reported in the README.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.includes('.test.'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const wanted = firstOption === -1 ? args : args.slice(0, firstOption);
const options = firstOption === -1 ? [] : args.slice(firstOption);
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
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...options], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(dir, '..', 'tsconfig.node.json') },
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
