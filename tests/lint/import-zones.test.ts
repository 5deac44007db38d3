import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/serve';

const eslint = new ESLint({ cwd: ROOT });

/** Lints source text as if it were the file at `filePath`; nothing is written to disk. */
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('the dependency rule is enforced by lint', () => {
  it.each([
    ['the engine imports electron', 'src-main/engine/agents/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['the engine imports the shell', 'src-main/engine/agents/probe.ts', "import { registerIpc } from '../../electron/ipc';\nexport const x = registerIpc;\n"],
    ['the contract imports node', 'src-shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['the contract imports the app', 'src-shared/probe.ts', "import { createBus } from '../src-main/engine/bus/bus';\nexport const x = createBus;\n"],
    ['the renderer imports main', 'src-renderer/probe.ts', "import { createBus } from '../src-main/engine/bus/bus';\nexport const x = createBus;\n"],
    ['the renderer imports node', 'src-renderer/probe.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n"],
    ['the preload imports more than the contract', 'src-preload/probe.ts', "import { z } from 'zod';\nexport const x = z;\n"],
    ['the preload imports main', 'src-preload/probe.ts', "import { createBus } from '../src-main/engine/bus/bus';\nexport const x = createBus;\n"],
  ])('fails when %s', async (_what, filePath, code) => {
    const rules = await ruleIds(filePath, code);
    expect(rules.some((r) => r === 'no-restricted-imports' || r === 'import-x/no-restricted-paths')).toBe(true);
  });

  it.each([
    ['the engine imports the contract', 'src-main/engine/agents/probe.ts', "import { AppError } from '@shared/errors';\nexport const x = AppError;\n"],
    ['the preload imports electron and the contract', 'src-preload/probe.ts', "import { ipcRenderer } from 'electron';\nimport { IPC } from '@shared/ipc';\nexport const x = [ipcRenderer, IPC];\n"],
    ['the shell imports the engine', 'src-main/electron/probe.ts', "import { createBus } from '../engine/bus/bus';\nexport const x = createBus;\n"],
  ])('passes when %s', async (_what, filePath, code) => {
    expect(await ruleIds(filePath, code)).toEqual([]);
  });
});
