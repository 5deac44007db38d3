import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventPayload } from '@shared/api/index';
import { McpServerState, type McpServerStatus } from '@shared/entities/mcp';
import { isFinalRunStatus } from '@shared/entities/run';
import type { Bus } from '../bus/bus';

/**
 * The engine's Prometheus metrics: one registry per engine (never prom-client's global one, so two
 * engines in a process do not mix), fed from the bus's events, plus Node's default process metrics
 * (event-loop lag, memory, CPU, handles). `GET /metrics` of `serve` answers with `text()`.
 */
export interface EngineMetrics {
  readonly registry: Registry;
  /** The exposition format's content type (Prometheus text 0.0.4). */
  readonly contentType: string;
  /** The current exposition text. */
  text(): Promise<string>;
  /** A knowledge search finished (the knowledge service reports each one). */
  observeSearch(search: { mode: string; tookMs: number }): void;
  /** Where the MCP servers' states are read at each scrape (servers never started included). */
  useMcpStatuses(source: () => readonly McpServerStatus[]): void;
  /** Stops listening to the bus. */
  close(): void;
}

export interface EngineMetricsOptions {
  bus: Bus;
  version: string;
  /** Default labels on every series (e.g. the engine's mode). */
  labels?: Record<string, string>;
}

const PREFIX = 'agent_factory_';
/** Seconds: model calls and runs take from a fraction of a second to minutes. */
const SLOW_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Seconds: tool calls and searches are mostly fast. */
const FAST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Final run statuses remembered to count each run once (a record may be published again). */
const COUNTED_RUNS_KEPT = 2000;

type TraceEvent = EventPayload<'run.event'>;

export function createEngineMetrics(options: EngineMetricsOptions): EngineMetrics {
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels(options.labels);
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({ name: `${PREFIX}info`, help: 'The engine version (always 1).', labelNames: ['version'], registers }).set({ version: options.version }, 1);

  const runs = new Counter({ name: `${PREFIX}runs_total`, help: 'Runs that ended, by final status and agent.', labelNames: ['status', 'agent'], registers });
  const runDuration = new Histogram({
    name: `${PREFIX}run_duration_seconds`,
    help: 'How long runs took, by agent and final status.',
    labelNames: ['agent', 'status'],
    buckets: SLOW_BUCKETS,
    registers,
  });
  const activeRuns = new Gauge({ name: `${PREFIX}runs_active`, help: 'Runs going on now (delegated ones included).', registers });

  const modelCalls = new Counter({
    name: `${PREFIX}model_calls_total`,
    help: 'Model calls answered, by provider, model and finish reason.',
    labelNames: ['provider', 'model', 'finish_reason'],
    registers,
  });
  const modelLatency = new Histogram({
    name: `${PREFIX}model_call_duration_seconds`,
    help: 'Model-call latency (request to full answer), by provider and model.',
    labelNames: ['provider', 'model'],
    buckets: SLOW_BUCKETS,
    registers,
  });
  const modelTokens = new Counter({
    name: `${PREFIX}model_tokens_total`,
    help: 'Tokens reported by the providers, by provider, model and type (input or output).',
    labelNames: ['provider', 'model', 'type'],
    registers,
  });
  const modelRetries = new Counter({
    name: `${PREFIX}model_retries_total`,
    help: 'Model calls retried (rate limits, server errors), by provider, model and error code.',
    labelNames: ['provider', 'model', 'code'],
    registers,
  });

  const toolCalls = new Counter({
    name: `${PREFIX}tool_calls_total`,
    help: 'Tool calls that ended, by server ("builtin" or an MCP server id), tool and outcome (ok, error, denied).',
    labelNames: ['server', 'tool', 'outcome'],
    registers,
  });
  const toolLatency = new Histogram({
    name: `${PREFIX}tool_call_duration_seconds`,
    help: 'Tool-call latency, by server.',
    labelNames: ['server'],
    buckets: FAST_BUCKETS,
    registers,
  });
  const toolErrors = new Counter({
    name: `${PREFIX}tool_errors_total`,
    help: 'Tool calls that failed, by server and error code.',
    labelNames: ['server', 'code'],
    registers,
  });

  let mcpStatuses: (() => readonly McpServerStatus[]) | undefined;
  const setMcpState = (s: Pick<McpServerStatus, 'serverId' | 'state'>) => {
    for (const state of McpServerState.options) mcpState.set({ server: s.serverId, state }, state === s.state ? 1 : 0);
  };
  const mcpState: Gauge = new Gauge({
    name: `${PREFIX}mcp_server_state`,
    help: 'MCP servers by state: 1 for the state each server is in, 0 for the others.',
    labelNames: ['server', 'state'],
    registers,
    collect() {
      if (!mcpStatuses) return;
      // Read afresh: servers deleted since drop out, servers never started show as stopped.
      mcpState.reset();
      for (const s of mcpStatuses()) setMcpState(s);
    },
  });
  const mcpRestarts = new Counter({ name: `${PREFIX}mcp_server_restarts_total`, help: 'Automatic restarts of MCP servers.', labelNames: ['server'], registers });

  const ingestQueue = new Gauge({ name: `${PREFIX}ingest_queue_files`, help: 'Files waiting or being ingested, all jobs together.', registers });
  const ingestJobs = new Gauge({ name: `${PREFIX}ingest_jobs_active`, help: 'Ingestion jobs pending or running.', registers });
  const ingestFiles = new Counter({
    name: `${PREFIX}ingest_files_total`,
    help: 'Files processed by ingestion, by outcome (done, skipped, removed, failed, cancelled).',
    labelNames: ['outcome'],
    registers,
  });
  const ingestChunks = new Counter({ name: `${PREFIX}ingest_chunks_total`, help: 'Chunks written by ingestion.', registers });

  const searchLatency = new Histogram({
    name: `${PREFIX}search_duration_seconds`,
    help: 'Knowledge-base search latency, by mode (vector, keyword, hybrid).',
    labelNames: ['mode'],
    buckets: FAST_BUCKETS,
    registers,
  });

  // ---- runs, model and tool calls: from the trace events ----
  const countedRuns = new Set<string>();
  const runInfo = new Map<string, { agent: string; provider: string; model: string }>();
  const toolServer = new Map<string, { server: string; tool: string }>();
  const callKey = (e: { runId: string; callId: string }) => `${e.runId}\u0000${e.callId}`;

  const onTrace = (e: TraceEvent) => {
    switch (e.type) {
      case 'run.started':
        runInfo.set(e.runId, { agent: e.agentName, provider: e.model.provider, model: e.model.model });
        activeRuns.set(runInfo.size);
        return;
      case 'run.finished': {
        const info = runInfo.get(e.runId);
        if (info) runDuration.observe({ agent: info.agent, status: e.status }, e.durationMs / 1000);
        runInfo.delete(e.runId);
        activeRuns.set(runInfo.size);
        for (const key of toolServer.keys()) if (key.startsWith(`${e.runId}\u0000`)) toolServer.delete(key);
        return;
      }
      case 'model.request': {
        const info = runInfo.get(e.runId);
        if (info) Object.assign(info, { provider: e.provider, model: e.model });
        else runInfo.set(e.runId, { agent: 'unknown', provider: e.provider, model: e.model });
        return;
      }
      case 'model.response': {
        const { provider, model } = runInfo.get(e.runId) ?? { provider: 'unknown', model: 'unknown' };
        modelCalls.inc({ provider, model, finish_reason: e.finishReason });
        modelLatency.observe({ provider, model }, e.latencyMs / 1000);
        if (e.inputTokens) modelTokens.inc({ provider, model, type: 'input' }, e.inputTokens);
        if (e.outputTokens) modelTokens.inc({ provider, model, type: 'output' }, e.outputTokens);
        return;
      }
      case 'model.retry': {
        const { provider, model } = runInfo.get(e.runId) ?? { provider: 'unknown', model: 'unknown' };
        modelRetries.inc({ provider, model, code: e.code });
        return;
      }
      case 'tool.call.requested':
        toolServer.set(callKey(e), { server: e.source, tool: e.name });
        return;
      case 'tool.call.denied': {
        const call = toolServer.get(callKey(e));
        toolServer.delete(callKey(e));
        toolCalls.inc({ server: call?.server ?? 'unknown', tool: call?.tool ?? 'unknown', outcome: 'denied' });
        return;
      }
      case 'tool.result':
      case 'tool.error': {
        const server = toolServer.get(callKey(e))?.server ?? 'unknown';
        toolServer.delete(callKey(e));
        toolLatency.observe({ server }, e.durationMs / 1000);
        toolCalls.inc({ server, tool: e.name, outcome: e.type === 'tool.result' ? 'ok' : 'error' });
        if (e.type === 'tool.error') toolErrors.inc({ server, code: e.error.code });
        return;
      }
      default:
        return;
    }
  };

  const onRunStatus = (run: EventPayload<'run.status'>) => {
    if (!isFinalRunStatus(run.status) || countedRuns.has(run.id)) return;
    countedRuns.add(run.id);
    // Only the recent ones matter (a record published again soon after); the oldest go first.
    if (countedRuns.size > COUNTED_RUNS_KEPT) countedRuns.delete(countedRuns.values().next().value!);
    runs.inc({ status: run.status, agent: run.agentName });
  };

  // ---- MCP servers ----
  const restartsSeen = new Map<string, number>();
  const onMcpState = (s: EventPayload<'mcp.server.state'>) => {
    setMcpState(s);
    // `restarts` counts automatic restarts since the last manual start: count its increases.
    const before = restartsSeen.get(s.serverId) ?? 0;
    if (s.restarts > before) mcpRestarts.inc({ server: s.serverId }, s.restarts - before);
    restartsSeen.set(s.serverId, s.restarts);
  };

  // ---- ingestion ----
  const jobsRemaining = new Map<string, number>();
  const onIngest = (p: EventPayload<'kb.ingest.progress'>) => {
    if (p.file && p.file.status !== 'pending' && p.file.status !== 'running') {
      ingestFiles.inc({ outcome: p.file.status });
      if (p.file.chunks) ingestChunks.inc(p.file.chunks);
    }
    const { total, done, failed, skipped, cancelled } = p.counts;
    if (p.status === 'pending' || p.status === 'running') jobsRemaining.set(p.jobId, Math.max(0, total - done - failed - skipped - cancelled));
    else jobsRemaining.delete(p.jobId);
    ingestJobs.set(jobsRemaining.size);
    ingestQueue.set([...jobsRemaining.values()].reduce((a, b) => a + b, 0));
  };

  const offs = [
    options.bus.subscribe('run.event', onTrace),
    options.bus.subscribe('run.status', onRunStatus),
    options.bus.subscribe('mcp.server.state', onMcpState),
    options.bus.subscribe('kb.ingest.progress', onIngest),
  ];

  return {
    registry,
    contentType: registry.contentType,
    text: () => registry.metrics(),
    observeSearch: ({ mode, tookMs }) => searchLatency.observe({ mode }, tookMs / 1000),
    useMcpStatuses(source) {
      mcpStatuses = source;
    },
    close() {
      for (const off of offs) off();
      offs.length = 0;
      registry.clear();
    },
  };
}
