import { describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/api/index';
import type { Run } from '@shared/entities/run';
import { createBus } from '../bus/bus';
import { createEngineMetrics } from './metrics';

const at = '2026-01-01T00:00:00.000Z';
const stamp = (runId: string, seq: number) => ({ runId, parentRunId: null, seq, at });

function run(id: string, status: Run['status']): Run {
  return {
    id, agentId: 'a1', agentName: 'Writer', model: { provider: 'openai', model: 'gpt-x' }, parentRunId: null, rootRunId: id, depth: 0,
    threadId: null, replacesRunId: null, agentRevision: null, status, input: 'hi', output: null, error: null,
    usage: { inputTokens: 0, outputTokens: 0 }, steps: 0, pendingApprovals: [], createdAt: at, updatedAt: at, finishedAt: null,
  };
}

/** One sample's value in the registry (0 when absent). */
async function value(metrics: ReturnType<typeof createEngineMetrics>, name: string, labels: Record<string, string>): Promise<number> {
  const json = await metrics.registry.getMetricsAsJSON();
  for (const m of json)
    for (const v of m.values as Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>)
      if ((v.metricName ?? m.name) === name && Object.entries(labels).every(([k, l]) => v.labels[k] === l)) return v.value;
  return 0;
}

describe('engine metrics from bus events', () => {
  it('counts each run once by final status, tool calls by server and outcome, MCP states and restarts', async () => {
    const bus = createBus();
    const metrics = createEngineMetrics({ bus, version: 't' });
    bus.publish('run.status', run('r1', 'running'));
    bus.publish('run.status', run('r1', 'failed'));
    bus.publish('run.status', run('r1', 'failed'));
    expect(await value(metrics, 'agent_factory_runs_total', { status: 'failed', agent: 'Writer' })).toBe(1);

    const events: EventPayload<'run.event'>[] = [
      { ...stamp('r2', 1), type: 'tool.call.requested', step: 1, callId: 'c1', name: 'read_file', arguments: {}, source: 'fs-server', approval: 'auto' },
      { ...stamp('r2', 2), type: 'tool.error', callId: 'c1', name: 'read_file', error: { code: 'TOOL_ERROR', message: 'no such file' }, durationMs: 12 },
      { ...stamp('r2', 3), type: 'tool.call.requested', step: 1, callId: 'c2', name: 'write_file', arguments: {}, source: 'fs-server', approval: 'required' },
      { ...stamp('r2', 4), type: 'tool.call.denied', callId: 'c2', reason: 'user' },
    ];
    for (const e of events) bus.publish('run.event', e);
    expect(await value(metrics, 'agent_factory_tool_calls_total', { server: 'fs-server', tool: 'read_file', outcome: 'error' })).toBe(1);
    expect(await value(metrics, 'agent_factory_tool_calls_total', { server: 'fs-server', tool: 'write_file', outcome: 'denied' })).toBe(1);
    expect(await value(metrics, 'agent_factory_tool_errors_total', { server: 'fs-server', code: 'TOOL_ERROR' })).toBe(1);

    const state = (s: 'starting' | 'ready' | 'crashed', restarts: number) => bus.publish('mcp.server.state', { serverId: 'fs-server', state: s, since: at, restarts });
    state('starting', 0);
    state('ready', 0);
    state('crashed', 0);
    state('starting', 1);
    state('ready', 1);
    state('crashed', 1);
    state('starting', 2);
    expect(await value(metrics, 'agent_factory_mcp_server_state', { server: 'fs-server', state: 'starting' })).toBe(1);
    expect(await value(metrics, 'agent_factory_mcp_server_state', { server: 'fs-server', state: 'crashed' })).toBe(0);
    expect(await value(metrics, 'agent_factory_mcp_server_restarts_total', { server: 'fs-server' })).toBe(2);
    // A manual start resets the server's count; later automatic restarts count again.
    state('ready', 0);
    state('starting', 1);
    expect(await value(metrics, 'agent_factory_mcp_server_restarts_total', { server: 'fs-server' })).toBe(3);

    metrics.close();
    bus.publish('run.status', run('r3', 'succeeded'));
    expect(await value(metrics, 'agent_factory_runs_total', { status: 'succeeded', agent: 'Writer' })).toBe(0);
  });

  it('reads the states of the MCP servers at each scrape when given where', async () => {
    const bus = createBus();
    const metrics = createEngineMetrics({ bus, version: 't' });
    let servers = [
      { serverId: 'never-started', state: 'stopped' as const, since: at, restarts: 0 },
      { serverId: 'gone-soon', state: 'ready' as const, since: at, restarts: 0 },
    ];
    metrics.useMcpStatuses(() => servers);
    expect(await value(metrics, 'agent_factory_mcp_server_state', { server: 'never-started', state: 'stopped' })).toBe(1);
    expect(await value(metrics, 'agent_factory_mcp_server_state', { server: 'gone-soon', state: 'ready' })).toBe(1);
    servers = servers.slice(0, 1);
    expect(await metrics.text()).not.toContain('gone-soon');
    metrics.close();
  });

  it('tracks the ingestion queue across jobs', async () => {
    const bus = createBus();
    const metrics = createEngineMetrics({ bus, version: 't' });
    const counts = (total: number, done: number) => ({ total, done, failed: 0, skipped: 0, cancelled: 0, chunks: done * 3 });
    const progress = (jobId: string, status: 'running' | 'done', c: ReturnType<typeof counts>, file: EventPayload<'kb.ingest.progress'>['file'] = null) =>
      bus.publish('kb.ingest.progress', { jobId, kbId: 'kb', status, counts: c, currentFile: null, file });
    progress('j1', 'running', counts(5, 0));
    progress('j2', 'running', counts(3, 0));
    expect(await value(metrics, 'agent_factory_ingest_queue_files', {})).toBe(8);
    expect(await value(metrics, 'agent_factory_ingest_jobs_active', {})).toBe(2);
    progress('j1', 'running', counts(5, 1), { path: '/a.md', status: 'done', documentId: 'd1', chunks: 3, error: null });
    expect(await value(metrics, 'agent_factory_ingest_queue_files', {})).toBe(7);
    expect(await value(metrics, 'agent_factory_ingest_chunks_total', {})).toBe(3);
    progress('j2', 'done', counts(3, 3));
    expect(await value(metrics, 'agent_factory_ingest_queue_files', {})).toBe(4);
    expect(await value(metrics, 'agent_factory_ingest_jobs_active', {})).toBe(1);
    metrics.close();
  });
});
