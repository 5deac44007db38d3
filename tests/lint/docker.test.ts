import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyEnv, defaultSettings } from '../../src-main/engine/config/settings';
import { ROOT } from '../helpers/serve';

const run = promisify(execFile);
const LINTER = join(ROOT, 'node_modules/.bin/dockerfilelint');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The Dockerfile's instructions (continuation lines joined, comments dropped). */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

interface ComposeService {
  image?: string;
  build?: string;
  profiles?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  volumes?: string[];
}

/**
 * The container image (Dockerfile) and the compose profile that runs it, checked here because no
 * Docker engine is available to build them: dockerfilelint (npm) must pass, and the files must hold
 * what the issue asks (multi-stage, non-root, model inside, /healthz healthcheck, /data volume).
 */
describe('container image and compose profile', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'af-docker-lint-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('passes dockerfilelint (npm run lint:docker)', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'lint:docker'], { cwd: ROOT });
    expect(stdout).toContain('Issues: None found');
    const json = JSON.parse((await run(LINTER, ['-j', 'Dockerfile'], { cwd: ROOT })).stdout) as { totalIssues: number };
    expect(json.totalIssues).toBe(0);
  });

  it('has a linter that does flag a bad Dockerfile', async () => {
    const bad = join(tmp, 'Dockerfile');
    writeFileSync(bad, 'FROM node:latest\nRUN apt-get install curl\nexpose 80\n');
    const failed = await run(LINTER, ['-j', bad]).then(
      () => undefined,
      (error: { stdout: string }) => error.stdout,
    );
    expect(JSON.parse(failed!).totalIssues).toBeGreaterThanOrEqual(2);
  });

  it('builds in one stage and runs serve in another, non-root, with the model, a volume and a /healthz check', () => {
    const ins = instructions(dockerfile);
    const froms = ins.filter((i) => i.op === 'FROM');
    expect(froms.map((f) => f.args)).toEqual(['node:22-slim AS build', 'node:22-slim']);
    const runtime = ins.slice(ins.indexOf(froms[1]!));
    const build = ins.slice(0, ins.indexOf(froms[1]!));
    expect(build.find((i) => i.op === 'ENV')?.args).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD=1.*ONNXRUNTIME_NODE_INSTALL_CUDA=skip/);
    expect(build.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n')).toMatch(/npm ci[\s\S]*fetch-model\.mjs[\s\S]*electron-vite build[\s\S]*npm prune --omit=dev/);
    const user = runtime.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user && !['root', '0'].includes(user)).toBe(true);
    expect(runtime.some((i) => i.op === 'COPY' && /--from=build \/app\/resources\/models /.test(i.args))).toBe(true);
    expect(runtime.find((i) => i.op === 'VOLUME')?.args).toBe('/data');
    expect(runtime.find((i) => i.op === 'ENV')?.args).toContain('AGENT_FACTORY_DATA_DIR=/data');
    const port = runtime.find((i) => i.op === 'EXPOSE')?.args;
    expect(runtime.find((i) => i.op === 'HEALTHCHECK')?.args).toContain(`fetch('http://127.0.0.1:${port}/healthz')`);
    const cmd = JSON.parse(runtime.find((i) => i.op === 'CMD')!.args) as string[];
    expect(cmd).toEqual(['serve', '--host', '0.0.0.0', '--port', port, '--behind-proxy']);
    // Nothing of the host's build leaks into the context.
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const path of ['node_modules', 'out', 'resources/models', '.git']) expect(ignored).toContain(path);
  });

  it('starts the app profile with Postgres and Chroma, wired by the environment the settings read', () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
    const app = compose.services.app!;
    expect(app.profiles).toEqual(['app']);
    expect(app.build).toBe('.');
    // The database and Chroma stay in the default profile (`docker compose up` is unchanged).
    expect(compose.services.db!.profiles).toBeUndefined();
    expect(compose.services.chroma!.profiles).toBeUndefined();
    expect(app.depends_on).toEqual({ db: { condition: 'service_healthy' }, chroma: { condition: 'service_started' } });
    expect(compose.services.db!.healthcheck).toBeDefined();
    const env = Object.fromEntries(Object.entries(app.environment ?? {}).map(([k, v]) => [k, String(v)]));
    const settings = applyEnv(defaultSettings(), env);
    expect(settings.database.kind).toBe('postgres');
    const db = new URL(settings.database.kind === 'postgres' ? settings.database.url : '');
    expect([db.hostname, db.port]).toEqual(['db', '5432']);
    expect(db.password).toBe(compose.services.db!.environment?.POSTGRES_PASSWORD);
    const chroma = new URL(settings.chroma.url!);
    expect(chroma.hostname).toBe('chroma');
    expect(compose.services.chroma!.ports?.[0]).toMatch(new RegExp(`:${chroma.port}$`));
    const exposed = instructions(dockerfile).find((i) => i.op === 'EXPOSE')!.args;
    expect(app.ports).toEqual([`127.0.0.1:${exposed}:${exposed}`]);
    expect(app.volumes).toEqual(['app-data:/data']);
    expect(compose.volumes).toHaveProperty('app-data');
  });
});
