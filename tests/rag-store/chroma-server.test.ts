import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ChromaServerManager,
  ChromaVectorStore,
  chromaConnector,
  createVectorStores,
} from '../../src-main/engine/rag/store/index';
import type { Db } from '../../src-main/engine/store/index';
import { forkLauncher, useProcessLauncher } from '../../src-main/engine/workers/spawn';

const tmp = mkdtempSync(join(tmpdir(), 'af-chroma-'));
const started: number[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (up to 30 s) until the process is gone; false if it is still there. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 300 && alive(pid); i++) await sleep(100);
  return !alive(pid);
}

async function answers(url: string): Promise<boolean> {
  return fetch(`${url}/api/v2/heartbeat`).then(
    (r) => r.ok,
    () => false,
  );
}

afterAll(() => {
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

// No database is touched by these operations (creating a collection talks to Chroma only).
const noDb = {} as Db;

describe('local Chroma server', () => {
  it('starts once on a free local port, answers, and stops with no process left', async () => {
    const server = new ChromaServerManager({ path: join(tmp, 'one') });
    const url = await server.start();
    started.push(server.pid!);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await server.start()).toBe(url);
    expect(await answers(url)).toBe(true);
    const pid = server.pid!;
    await server.stop();
    expect(await gone(pid)).toBe(true);
    expect(await answers(url)).toBe(false);
    expect(server.url).toBeUndefined();
  });

  it('starts through the process launcher the composition root chose (utilityProcess in the desktop app)', async () => {
    const launched: string[] = [];
    useProcessLauncher({ kind: 'utility-process', launch: (path, options) => (launched.push(path), forkLauncher.launch(path, options)) });
    const server = new ChromaServerManager({ path: join(tmp, 'launched') });
    try {
      expect(await answers(await server.start())).toBe(true);
      started.push(server.pid!);
      expect(launched).toEqual([expect.stringMatching(/chroma-process\.ts$/)]);
    } finally {
      useProcessLauncher(forkLauncher);
      await server.stop();
    }
  });

  it('is started by the vector stores on first use and stopped when they close', async () => {
    const stores = createVectorStores({ db: noDb, dataDir: join(tmp, 'lazy') });
    expect(stores.chromaServer?.url).toBeUndefined();
    await stores.chroma.createCollection({ kbId: 'kb-lazy', dimensions: 8 });
    const pid = stores.chromaServer!.pid!;
    started.push(pid);
    expect(await answers(stores.chromaServer!.url!)).toBe(true);
    await stores.close();
    expect(await gone(pid)).toBe(true);
  });

  it('dies with its engine process, even when the engine is killed outright', async () => {
    const host = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'chroma-host.ts'), join(tmp, 'orphan')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: join(import.meta.dirname, '../../tsconfig.node.json'),
        },
      },
    );
    started.push(host.pid!);
    const [line] = await Promise.race([
      createInterface({ input: host.stdout! })
        [Symbol.asyncIterator]()
        .next()
        .then((r) => [r.value as string]),
      new Promise<never>((_, reject) =>
        host.once('exit', (code) => reject(new Error(`host exited (${code})`))),
      ),
    ]);
    const { pid, url } = JSON.parse(line!) as { pid: number; url: string };
    started.push(pid);
    expect(await answers(url)).toBe(true);
    host.kill('SIGKILL');
    expect(await gone(pid)).toBe(true);
  });

  it('gives typed errors for an unreachable or invalid Chroma URL', async () => {
    const unreachable = new ChromaVectorStore(
      noDb,
      chromaConnector({ url: () => 'http://127.0.0.1:9' }),
    );
    await expect(unreachable.createCollection({ kbId: 'x', dimensions: 4 })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    const invalid = new ChromaVectorStore(
      noDb,
      chromaConnector({ url: () => 'chroma.local:8000' }),
    );
    await expect(invalid.createCollection({ kbId: 'x', dimensions: 4 })).rejects.toMatchObject({
      code: 'CONFIG',
    });
    const none = new ChromaVectorStore(noDb, chromaConnector({ url: () => undefined }));
    await expect(none.createCollection({ kbId: 'x', dimensions: 4 })).rejects.toMatchObject({
      code: 'CONFIG',
    });
  });
});
