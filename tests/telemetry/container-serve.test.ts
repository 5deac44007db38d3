import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, requireBuild, tempDataDir } from '../helpers/serve';

/** A free TCP port (taken and released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The Dockerfile's exec-form instruction (`CMD [...]`, `HEALTHCHECK … CMD [...]`) as an argv. */
function execForm(dockerfile: string, instruction: 'CMD' | 'HEALTHCHECK'): string[] {
  const line = dockerfile.replace(/\\\n/g, ' ').split('\n').find((l) => l.startsWith(`${instruction} `))!;
  return JSON.parse(line.slice(line.indexOf('[')));
}

function exitCode(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

/**
 * What the container runs, run here without Docker: the image's CMD (serve on 0.0.0.0 behind a
 * proxy) with its environment, then its HEALTHCHECK command, which passes while serve answers
 * /healthz and fails once it is gone.
 */
describe('the container command and health check (without Docker)', () => {
  const dataDir = tempDataDir('af-container-');
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  let port = 0;
  let serve: ChildProcess;
  let exited: Promise<number | null>;
  let stderr = '';
  const healthcheck = () => {
    const [node, ...args] = execForm(dockerfile, 'HEALTHCHECK').map((a) => a.replace(':8080/', `:${port}/`));
    expect(node).toBe('node');
    return exitCode(spawn(process.execPath, args, { stdio: 'ignore' }));
  };

  beforeAll(async () => {
    requireBuild();
    port = await freePort();
    const cmd = execForm(dockerfile, 'CMD').map((a) => (a === '8080' ? String(port) : a));
    serve = spawn(process.execPath, [CLI, ...cmd], {
      env: { ...process.env, AGENT_FACTORY_DATA_DIR: dataDir, AGENT_FACTORY_MODELS_DIR: join(ROOT, 'resources/models'), NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serve.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    exited = exitCode(serve);
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: serve.stdout! }).once('line', () => resolve());
      serve.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
    });
  });
  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on all interfaces, answers the health check, and guards /metrics', async () => {
    expect(await healthcheck()).toBe(0);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, database: 'ok' });
    // Beyond loopback only API keys are accepted: no anonymous metrics.
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
  });

  it('fails the health check once serve is gone', async () => {
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await healthcheck()).toBe(1);
  });
});
