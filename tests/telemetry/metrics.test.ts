import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/api/index';
import { engineOps } from '../../src-main/transport/ops-routes';
import { startApiServer, type ApiServer } from '../../src-main/transport/ws-server';
import { defaultResponder } from '../fakes/index';
import { useEngineHarness } from '../helpers/engine-harness';
import { parsePrometheusText, sampleValue, type MetricFamily } from '../helpers/prometheus-text';

/**
 * `GET /metrics` of the API server over a real engine: a run with a tool call (the fake Ollama
 * calls current_time when asked the time), an ingestion with the local embedder and a search move
 * the counters; the text is read by a strict parser of the exposition format.
 */
describe('GET /metrics and /healthz', () => {
  const harness = useEngineHarness({ prefix: 'af-metrics-', respond: defaultResponder, engine: { version: '9.9.9-test' } });
  const { call } = harness;
  let server: ApiServer;
  const base = () => `http://127.0.0.1:${server.port}`;
  const scrape = async (credential = server.token): Promise<Map<string, MetricFamily>> => {
    const res = await fetch(`${base()}/metrics`, { headers: { Authorization: `Bearer ${credential}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await res.text());
  };

  beforeAll(async () => {
    const { router, engine } = harness;
    server = await startApiServer({ router, bus: engine.bus, keys: engine.keys, ops: engineOps(engine, '9.9.9-test') });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers /healthz without credentials', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: '9.9.9-test', database: 'ok' });
  });

  it('answers /healthz with 503 when the database does not answer', async () => {
    const down = await startApiServer({
      router: harness.router,
      bus: harness.engine.bus,
      ops: { ...engineOps(harness.engine, 'x'), ping: () => Promise.reject(new Error('connection refused to db.internal:5432')) },
    });
    try {
      const res = await fetch(`http://127.0.0.1:${down.port}/healthz`);
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ ok: false, version: 'x', database: 'unreachable' });
      expect(body).not.toContain('db.internal');
    } finally {
      await down.close();
    }
  });

  it('refuses /metrics without the token or a key with the metrics scope', async () => {
    expect((await fetch(`${base()}/metrics`)).status).toBe(401);
    expect((await fetch(`${base()}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const reader = await harness.engine.keys.create({ name: 'reader', scope: 'read' });
    const res = await fetch(`${base()}/metrics`, { headers: { Authorization: `Bearer ${reader.secret}` } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('metrics');
    const scraper = await harness.engine.keys.create({ name: 'prometheus', scope: 'metrics' });
    expect(sampleValue(await scrape(scraper.secret), 'agent_factory_info', { version: '9.9.9-test' })).toBe(1);
    // Audited like any call made with a key: the refusal and the scrape.
    const audit = await harness.engine.keys.audit(10);
    expect(audit.map((e) => [e.keyName, e.method, e.outcome])).toEqual(
      expect.arrayContaining([
        ['reader', 'GET /metrics', 'forbidden'],
        ['prometheus', 'GET /metrics', 'ok'],
      ]),
    );
  });

  it('counts a run, its model and tool calls, an ingestion and a search', async () => {
    const before = await scrape();
    const agent = await call('agents.create', { name: 'Clock', model: { provider: 'ollama', model: 'fake-model' }, tools: [{ kind: 'builtin', name: 'current_time' }] });
    const done: EventPayload<'run.status'>[] = [];
    const off = harness.engine.bus.subscribe('run.status', (r) => {
      if (r.status === 'succeeded') done.push(r);
    });
    const run = await call('runs.start', { agent: agent.id, input: 'What time is it?' });
    await expect.poll(() => done.some((r) => r.id === run.id), { timeout: 30_000 }).toBe(true);
    off();

    const kb = await harness.knowledgeBase('Notes', {
      'tea.md': '# Mornings\n\nEvery morning the user drinks a cup of green tea before starting work.\n',
      'dog.md': '# Pets\n\nThe user has a dog called Rex who likes long walks.\n',
    });
    await call('kb.search', { kbIds: [kb.id], query: 'green tea', mode: 'keyword' });
    await call('kb.search', { kbIds: [kb.id], query: 'green tea', mode: 'hybrid' });

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(after.get('agent_factory_runs_total')?.type).toBe('counter');
    expect(moved('agent_factory_runs_total', { status: 'succeeded', agent: 'Clock' })).toBe(1);
    expect(moved('agent_factory_run_duration_seconds_count', { agent: 'Clock', status: 'succeeded' })).toBe(1);
    // Two model calls: one asking for current_time, one answering with its result.
    expect(moved('agent_factory_model_calls_total', { provider: 'ollama', model: 'fake-model', finish_reason: 'tool_calls' })).toBe(1);
    expect(moved('agent_factory_model_calls_total', { provider: 'ollama', model: 'fake-model', finish_reason: 'stop' })).toBe(1);
    expect(moved('agent_factory_model_call_duration_seconds_count', { provider: 'ollama', model: 'fake-model' })).toBe(2);
    expect(moved('agent_factory_model_tokens_total', { provider: 'ollama', model: 'fake-model', type: 'input' })).toBeGreaterThan(0);
    expect(moved('agent_factory_model_tokens_total', { provider: 'ollama', model: 'fake-model', type: 'output' })).toBeGreaterThan(0);
    expect(moved('agent_factory_tool_calls_total', { server: 'builtin', tool: 'current_time', outcome: 'ok' })).toBe(1);
    expect(moved('agent_factory_tool_call_duration_seconds_count', { server: 'builtin' })).toBe(1);
    expect(moved('agent_factory_tool_errors_total')).toBe(0);
    expect(moved('agent_factory_ingest_files_total', { outcome: 'done' })).toBe(2);
    expect(moved('agent_factory_ingest_chunks_total')).toBeGreaterThanOrEqual(2);
    expect(sampleValue(after, 'agent_factory_ingest_queue_files')).toBe(0);
    expect(moved('agent_factory_search_duration_seconds_count', { mode: 'keyword' })).toBe(1);
    expect(moved('agent_factory_search_duration_seconds_count', { mode: 'hybrid' })).toBe(1);
    expect(sampleValue(after, 'agent_factory_runs_active')).toBe(0);
    expect(sampleValue(after, 'agent_factory_mcp_server_state')).toBe(0);
    // A configured MCP server shows its state before it ever started.
    const server = await call('mcp.servers.create', { name: 'idle', transport: { type: 'stdio', command: process.execPath, args: ['-e', '0'] } });
    const withServer = await scrape();
    expect(sampleValue(withServer, 'agent_factory_mcp_server_state', { server: server.server.id, state: 'stopped' })).toBe(1);
    expect(sampleValue(withServer, 'agent_factory_mcp_server_state', { server: server.server.id })).toBe(1);
    // Node's default metrics: event-loop lag and memory.
    expect(after.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    expect(sampleValue(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
