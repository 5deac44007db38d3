#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('Agent Factory is not built yet. Run `npm run build` in the project folder first.');
  process.exit(1);
}
await import(cli);
