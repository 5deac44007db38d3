import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src-main/engine/engine';

const ROOT = resolve(import.meta.dirname, '../..');

describe('a run whose process is killed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'af-interrupted-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is marked interrupted when the engine next opens the same data folder', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/runtime/stalled-run.ts'), dataDir], {
      cwd: ROOT,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    const line = await new Promise<string>((res, rej) => {
      createInterface({ input: child.stdout }).once('line', res);
      child.once('exit', (code) => rej(new Error(`stalled-run exited (${code}) before starting its run:\n${stderr}`)));
    });
    const { runId, status } = JSON.parse(line) as { runId: string; status: string };
    expect(status).toBe('running');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const engine = await createEngine({ dataDir, mode: 'headless', version: 'test' });
    try {
      const run = await engine.runs.get(runId);
      expect(run).toMatchObject({ status: 'interrupted', error: { code: 'UNAVAILABLE' } });
      expect(run.finishedAt).not.toBeNull();
      const { events } = await engine.runs.trace(runId);
      expect(events.map((e) => e.type)).toEqual(['run.started', 'model.request', 'run.finished']);
      expect(events.at(-1)).toMatchObject({ status: 'interrupted', seq: 3 });
      expect(await engine.runs.list({ status: 'running', limit: 10 })).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
