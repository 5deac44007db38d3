// Bus throughput: trace events (`run.event`, text deltas) published on the engine's bus and
// delivered (1) to an in-process subscriber, with and without contract validation, (2) to a
// WebSocket subscriber through the real API server and client, and (3) through a run's
// TraceWriter, which also stores every event in the database (PGlite in memory).
// Run: npx tsx bench/bus-throughput.ts   Options: --events <n> (default 20000)
import { WebSocket } from 'ws';
import type { TraceEvent } from '@shared/entities/run';
import { createWsClient, webSocketUrl } from '@shared/client/ws-client';
import { createBus, type Bus } from '../src-main/engine/bus/bus';
import { silentLogger } from '../src-main/engine/config/logger';
import type { Handlers } from '../src-main/engine/handlers';
import { RunRepository } from '../src-main/engine/runtime/repository';
import { TraceWriter } from '../src-main/engine/runtime/trace-writer';
import { openStore } from '../src-main/engine/store/index';
import { createRouter } from '../src-main/transport/router';
import { startApiServer } from '../src-main/transport/ws-server';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('events', 20_000);

const delta = (seq: number): TraceEvent => ({
  type: 'text.delta',
  runId: 'bench-run',
  parentRunId: null,
  seq,
  at: new Date().toISOString(),
  step: 1,
  text: ` token${seq}`,
});

interface Row {
  path: string;
  events: number;
  seconds: number;
  perSecond: number;
  note: string;
}
const rows: Row[] = [];
const record = (path: string, events: number, ms: number, note = '') =>
  rows.push({ path, events, seconds: ms / 1000, perSecond: Math.round((events * 1000) / ms), note });

function inProcess(validate: boolean): void {
  const bus = createBus({ validate });
  let seen = 0;
  bus.subscribe('run.event', () => seen++);
  const start = performance.now();
  for (let i = 1; i <= N; i++) bus.publish('run.event', delta(i));
  const ms = performance.now() - start;
  if (seen !== N) throw new Error(`in-process: ${seen} of ${N} delivered`);
  record(`bus → in-process subscriber${validate ? '' : ' (no validation)'}`, N, ms);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function overWebSocket(): Promise<void> {
  const bus: Bus = createBus();
  const server = await startApiServer({ router: createRouter({} as Handlers), bus });
  const client = createWsClient({ url: webSocketUrl(`http://127.0.0.1:${server.port}`, server.token), WebSocket, reconnect: false });
  try {
    await client.ready();
    const latencies: number[] = [];
    let seen = 0;
    let warm = false;
    let done: () => void = () => {};
    const all = new Promise<void>((r) => (done = r));
    client.subscribe('run.event', (e) => {
      if (e.runId === 'probe') {
        warm = true;
        return;
      }
      latencies.push(Date.now() - Date.parse(e.at));
      if (++seen === N) done();
    });
    // The subscription reaches the server asynchronously: probe until it delivers.
    while (!warm) {
      bus.publish('run.event', { ...delta(1), runId: 'probe' });
      await new Promise((r) => setTimeout(r, 20));
    }
    const start = performance.now();
    for (let i = 1; i <= N; i++) {
      bus.publish('run.event', delta(i));
      // Yield now and then so the socket drains, as a run's events arrive over time.
      if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
    }
    await all;
    const ms = performance.now() - start;
    latencies.sort((a, b) => a - b);
    record('bus → WebSocket → client', N, ms, `latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`);
  } finally {
    client.close();
    await server.close();
  }
}

async function throughTraceWriter(): Promise<void> {
  const store = await openStore({ kind: 'pglite-memory', thread: true });
  try {
    const repo = new RunRepository(store.db);
    const now = new Date().toISOString();
    await repo.insert({
      id: 'bench-run', agentId: 'a', agentName: 'Bench', model: { provider: 'ollama', model: 'm' }, parentRunId: null, rootRunId: 'bench-run', threadId: null, replacesRunId: null, agentRevision: null,
      depth: 0, status: 'running', input: 'x', output: null, error: null, usage: { inputTokens: 0, outputTokens: 0 }, steps: 0,
      pendingApprovals: [], createdAt: now, updatedAt: now, finishedAt: null,
    });
    const bus = createBus();
    let seen = 0;
    bus.subscribe('run.event', () => seen++);
    const writer = new TraceWriter('bench-run', null, bus, repo, silentLogger());
    const start = performance.now();
    for (let i = 1; i <= N; i++) {
      writer.emit({ type: 'text.delta', step: 1, text: ` token${i}` });
      if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
    }
    const published = performance.now() - start;
    await writer.drain();
    const ms = performance.now() - start;
    const stored = (await repo.events(['bench-run'])).get('bench-run')?.length ?? 0;
    if (seen !== N || stored !== N) throw new Error(`trace writer: ${seen} published, ${stored} stored of ${N}`);
    record('TraceWriter: publish + store (PGlite)', N, ms, `all published after ${Math.round(published)} ms`);
  } finally {
    await store.close();
  }
}

inProcess(true);
inProcess(false);
await overWebSocket();
await throughTraceWriter();

const headers = ['path', 'events', 'seconds', 'events/s', 'note'];
const cells = rows.map((r) => [r.path, String(r.events), r.seconds.toFixed(3), r.perSecond.toLocaleString('en'), r.note]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => c.map((v, i) => (i === 1 || i === 2 || i === 3 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
console.log(line(headers));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const c of cells) console.log(line(c));
