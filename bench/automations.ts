// Automations at scale, in one engine (createEngine, mode 'headless', a fresh PGlite data folder, the
// Ollama protocol fake as its own process so runs end quickly and the fake's work is not counted):
//   1. idle CPU (process.cpuUsage / wall) and event-loop lag of the engine with no automations, then
//      with --count automations registered (half daily crons at distinct minutes at least 2 h away,
//      half `every 1h`), so nothing fires while measuring;
//   2. --burst automations with an `at` trigger at the same second, a few seconds ahead: for each fire,
//      due → record written (createdAt − scheduledFor) and due → run started (startedAt − scheduledFor),
//      p50/p99/max, and how long until all had started and ended. Runs start at most 2 at once (the
//      engine's global limit), so "started" grows with the queue while "recorded" should not.
// Run: npm run bench -- automations   Options: --count <n> (1000) --burst <n> (100) --idle <seconds> (10)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { ApiClient } from '../src-shared/api/index';
import type { AutomationRun } from '../src-shared/entities/automation';
import { numberArg, rerunWithNodeTsconfig, ROOT } from './lib/cli';

rerunWithNodeTsconfig(import.meta.url);
const count = numberArg('count', 1000);
const burst = numberArg('burst', 100);
const idleSeconds = numberArg('idle', 10);

const { createEngine } = await import('../src-main/engine/engine');
const { createRouter } = await import('../src-main/transport/router');
const { unwrapResult } = await import('../src-shared/wire');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]! : NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');

/** The fake model server as its own process; resolves with its URL and a stop function. */
async function startFake(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/fakes/serve-fake.ts'), 'ollama'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolveUrl(line.trim()));
    child.once('exit', (code) => reject(new Error(`the fake exited (${code}) before printing its URL`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

interface Idle {
  cpuPct: number;
  cpuMedianPct: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  timers: number;
  rssMb: number;
}

/** CPU time over wall time (whole window, and the median 1 s slice) and event-loop lag while nothing is asked of the engine. */
async function measureIdle(seconds: number): Promise<Idle> {
  await sleep(2000); // let start-up work and GC settle
  const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const slices: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  lag.enable();
  for (let i = 0; i < seconds; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await sleep(1000);
    const d = process.cpuUsage(c);
    slices.push(((d.user + d.system) / 1000 / (performance.now() - t)) * 100);
  }
  lag.disable();
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  return {
    cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    cpuMedianPct: pct(slices, 0.5),
    // The histogram counts the timer resolution itself as delay; subtract it.
    lagP50: Math.max(0, lag.percentile(50) / 1e6 - 10),
    lagP99: Math.max(0, lag.percentile(99) / 1e6 - 10),
    lagMax: Math.max(0, lag.max / 1e6 - 10),
    timers,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
  };
}

const fake = await startFake();
const dataDir = mkdtempSync(join(tmpdir(), 'af-bench-automations-'));
const loadBefore = loadavg()[0]!.toFixed(1);
try {
  const engine = await createEngine({ dataDir, mode: 'headless', version: 'bench', env: { ...process.env, OLLAMA_HOST: fake.url } });
  const router = createRouter(engine.handlers, engine.logger);
  const client: ApiClient = {
    call: async (method, input) => unwrapResult(await router.dispatch(method, input, { origin: 'internal' })),
    subscribe: (event, listener) => engine.bus.subscribe(event, listener),
  };
  await client.call('agents.create', { name: 'Bench', model: { provider: 'ollama', model: 'test-model' } });
  const base = { agent: 'Bench', input: 'Report at {{now}}', delivery: { notify: 'never' as const, inbox: true } };

  const idleEmpty = await measureIdle(idleSeconds);

  // 1. Register `count` automations, none due while measuring.
  const start = Date.now();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const at = new Date(start + 2 * 3600_000 + (i / 2) * 120_000);
      await client.call('automations.create', {
        ...base,
        name: `cron ${i}`,
        triggers: [{ kind: 'cron', expr: `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`, timezone: 'UTC' }],
      });
    } else {
      await client.call('automations.create', { ...base, name: `hourly ${i}`, triggers: [{ kind: 'every', seconds: 3600 }] });
    }
  }
  const registerMs = performance.now() - t0;
  const idleFull = await measureIdle(idleSeconds);
  const listT0 = performance.now();
  const listed = await client.call('automations.list', {});
  const listMs = performance.now() - listT0;

  // 2. `burst` automations due at the same second.
  const perCreate = registerMs / Math.max(1, count);
  const due = Math.ceil((Date.now() + Math.max(5000, 2 * burst * perCreate + 2000)) / 1000) * 1000;
  const ids = new Set<string>();
  for (let i = 0; i < burst; i++) {
    const a = await client.call('automations.create', { ...base, name: `burst ${i}`, triggers: [{ kind: 'at', iso: new Date(due).toISOString() }] });
    ids.add(a.id);
  }
  const createdBeforeDue = due - Date.now();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let records: AutomationRun[] = [];
  const deadline = due + 300_000;
  while (Date.now() < deadline) {
    await sleep(500);
    records = (await client.call('automations.history', { limit: 1000 })).filter((r) => ids.has(r.automationId));
    if (records.length >= burst && records.every((r) => r.finishedAt !== null)) break;
  }
  lag.disable();
  const of = (pick: (r: AutomationRun) => string | null) =>
    records.map((r) => pick(r)).filter((x): x is string => x !== null).map((x) => Date.parse(x) - due);
  const recorded = of((r) => r.createdAt);
  const started = of((r) => r.startedAt);
  const finished = of((r) => r.finishedAt);
  const statuses = new Map<string, number>();
  for (const r of records) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);

  await engine.close();

  console.log(
    `${count} automations registered in ${(registerMs / 1000).toFixed(1)} s (${perCreate.toFixed(1)} ms each); automations.list of ${listed.length} in ${ms(listMs)}. ` +
      `Load average ${loadBefore} before, ${loadavg()[0]!.toFixed(1)} after.\n`,
  );
  console.log(
    `Idle engine over ${idleSeconds} s: CPU of the whole process (user+sys over wall; the median 1 s slice beside it), ` +
      'event-loop lag beyond the 10 ms sampling, active timers (setTimeout/setInterval handles), RSS of the bench process (tsx included):\n',
  );
  console.log('| automations | CPU | CPU, median second | lag p50 | lag p99 | lag max | timers | RSS |\n| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [n, x] of [[0, idleEmpty], [count, idleFull]] as const) {
    console.log(
      `| ${n} | ${x.cpuPct.toFixed(2)} % | ${x.cpuMedianPct.toFixed(2)} % | ${x.lagP50.toFixed(1)} ms | ${x.lagP99.toFixed(1)} ms | ${x.lagMax.toFixed(1)} ms | ${x.timers} | ${x.rssMb.toFixed(0)} MB |`,
    );
  }
  console.log(
    `\n${burst} automations due at the same second (created ${(createdBeforeDue / 1000).toFixed(1)} s ahead, ${count} others registered; ` +
      `${records.length} records: ${[...statuses].map(([s, n]) => `${n} ${s}`).join(', ')}; event-loop lag p99 ${(Math.max(0, lag.percentile(99) / 1e6 - 10)).toFixed(1)} ms, max ${(Math.max(0, lag.max / 1e6 - 10)).toFixed(1)} ms):\n`,
  );
  console.log('| delay from the due time | min | p50 | p99 | max (all of them) |\n| --- | --- | --- | --- | --- |');
  for (const [what, xs] of [['record written (claimed)', recorded], ['run started (2 at once)', started], ['run ended', finished]] as const) {
    console.log(`| ${what} | ${ms(Math.min(...xs))} | ${ms(pct(xs, 0.5))} | ${ms(pct(xs, 0.99))} | ${ms(Math.max(...xs))} |`);
  }
  if (records.length < burst) {
    console.error(`Only ${records.length} of ${burst} fires were recorded within 5 minutes.`);
    process.exitCode = 1;
  }
} finally {
  fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
