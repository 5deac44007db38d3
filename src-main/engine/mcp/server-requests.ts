import type { FinishReason } from '@shared/entities/llm';
import { randomUUID } from 'node:crypto';
import type { CreateMessageRequest, CreateMessageResult, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalMode } from '@shared/entities/mcp';
import type { McpElicitationRequest, McpSamplingRequest } from '@shared/entities/mcp-server-requests';
import { AppError } from '@shared/errors';
import type { Bus } from '../bus/bus';
import type { ClientHandlers, ServerRequestContext } from './client-handlers';

/** Edits the user made to a sampling request before approving it. */
export interface SamplingEdits {
  messages?: CreateMessageRequest['params']['messages'] | undefined;
  systemPrompt?: string | undefined;
  maxTokens?: number | undefined;
  model?: string | undefined;
}

/** The LLM layer's answer to an approved sampling request (the composition root provides it). */
/** What a sampling call did, for the trace of the tool call it served. */
export interface SampledCall {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  finishReason: FinishReason;
  text: string;
}

export type Sampler = (
  params: CreateMessageRequest['params'],
  context: ServerRequestContext & { model?: string | undefined; onSampled?: (call: SampledCall) => void },
) => Promise<CreateMessageResult>;

/** Writes a sampling call into the trace of the tool call in flight that caused it. */
export type SamplingTracer = (call: SampledCall & { approvedBy: 'policy' | 'user' }) => void;

export interface ServerRequestsDeps {
  bus: Bus;
  /**
   * Whether a person can answer now (the desktop app, `serve` with a UI). Unattended (one-shot
   * commands, the app's own MCP server mode): forms are declined and sampling follows the server's
   * policy with ask treated as deny.
   */
  attended: () => boolean;
  /** The server's sampling policy (default ask). */
  samplingPolicy?: (serverId: string) => ApprovalMode;
  /** Absent: the sampling capability is not offered. */
  sample?: Sampler | undefined;
  /** How long a request waits for the user before it is cancelled (default 10 min). */
  timeoutMs?: number;
}

interface Waiting<R> {
  request: R;
  settle(answer: unknown): void;
}

/**
 * What servers ask of the user: forms (`elicitation/create`) and model calls (`sampling/createMessage`).
 * Each waits as a pending request, announced on the bus, until `respond*` (the UI, the API) or the
 * server's cancellation or the time limit ends it.
 */
export class ServerRequests {
  private readonly forms = new Map<string, Waiting<McpElicitationRequest>>();
  private readonly samples = new Map<string, Waiting<McpSamplingRequest>>();
  /** Tool calls in flight per server made for unattended runs / for anyone else. */
  private readonly inFlight = new Map<string, { unattended: number; attended: number }>();
  /** The traces of the tool calls in flight per server, latest last (a sampling request goes to the latest). */
  private readonly tracers = new Map<string, SamplingTracer[]>();

  constructor(private readonly deps: ServerRequestsDeps) {}

  /**
   * Runs a tool call, remembering while it lasts whether it was made for an unattended run: a
   * server whose only calls in flight are unattended ones gets its requests answered without asking.
   */
  async during<T>(serverId: string, unattended: boolean, call: () => Promise<T>, trace?: SamplingTracer): Promise<T> {
    const count = this.inFlight.get(serverId) ?? { unattended: 0, attended: 0 };
    this.inFlight.set(serverId, count);
    const key = unattended ? 'unattended' : 'attended';
    count[key] += 1;
    const tracers = this.tracers.get(serverId) ?? [];
    if (trace) {
      tracers.push(trace);
      this.tracers.set(serverId, tracers);
    }
    try {
      return await call();
    } finally {
      count[key] -= 1;
      if (!count.unattended && !count.attended) this.inFlight.delete(serverId);
      if (trace) {
        tracers.splice(tracers.indexOf(trace), 1);
        if (!tracers.length) this.tracers.delete(serverId);
      }
    }
  }

  private traced(serverId: string, approvedBy: 'policy' | 'user'): (call: SampledCall) => void {
    return (call) => this.tracers.get(serverId)?.at(-1)?.({ ...call, approvedBy });
  }

  private attended(serverId: string): boolean {
    if (!this.deps.attended()) return false;
    const count = this.inFlight.get(serverId);
    return !count || count.attended > 0 || count.unattended === 0;
  }

  handlers(): ClientHandlers {
    return {
      elicitation: (params, context) => this.elicit(params, context),
      ...(this.deps.sample ? { sampling: (params, context) => this.sampling(params, context) } : {}),
    };
  }

  pendingElicitations(): McpElicitationRequest[] {
    return [...this.forms.values()].map((w) => w.request);
  }

  pendingSamplings(): McpSamplingRequest[] {
    return [...this.samples.values()].map((w) => w.request);
  }

  respondElicitation(id: string, action: 'accept' | 'decline' | 'cancel', content?: Record<string, unknown>): boolean {
    const waiting = this.forms.get(id);
    if (!waiting) return false;
    waiting.settle(action === 'accept' ? { action, content: content ?? {} } : { action });
    return true;
  }

  respondSampling(id: string, decision: 'allow' | 'deny', edits: SamplingEdits = {}): boolean {
    const waiting = this.samples.get(id);
    if (!waiting) return false;
    waiting.settle(decision === 'allow' ? { edits } : null);
    return true;
  }

  private async elicit(params: Parameters<NonNullable<ClientHandlers['elicitation']>>[0], context: ServerRequestContext): Promise<ElicitResult> {
    if (params.mode === 'url' || !('requestedSchema' in params)) return { action: 'decline' };
    if (!this.attended(context.serverId)) return { action: 'decline' };
    const request: McpElicitationRequest = {
      id: randomUUID(),
      serverId: context.serverId,
      serverName: context.serverName,
      message: params.message,
      requestedSchema: params.requestedSchema as Record<string, unknown>,
      requestedAt: new Date().toISOString(),
    };
    const answer = await this.wait(this.forms, request, context.signal, 'mcp.elicitation.requested');
    return (answer as ElicitResult | undefined) ?? { action: 'cancel' };
  }

  private async sampling(params: CreateMessageRequest['params'], context: ServerRequestContext): Promise<CreateMessageResult> {
    const sample = this.deps.sample!;
    const policy = this.deps.samplingPolicy?.(context.serverId) ?? 'ask';
    const refuse = (why: string) =>
      new AppError('FORBIDDEN', `Sampling request of MCP server "${context.serverName}" ${why}.`, {
        hint: 'Change the server’s sampling policy (ask, allow, deny) in its settings.',
      });
    if (policy === 'deny') throw refuse('denied by the server’s policy');
    if (policy === 'allow') return sample(params, { ...context, onSampled: this.traced(context.serverId, 'policy') });
    if (!this.attended(context.serverId)) throw refuse('denied: nobody can approve it here (policy ask)');
    const request: McpSamplingRequest = {
      id: randomUUID(),
      serverId: context.serverId,
      serverName: context.serverName,
      params: params as unknown as Record<string, unknown>,
      requestedAt: new Date().toISOString(),
    };
    const answer = (await this.wait(this.samples, request, context.signal, 'mcp.sampling.requested')) as
      | { edits: SamplingEdits }
      | null
      | undefined;
    if (!answer) throw refuse(answer === null ? 'denied by the user' : 'not answered in time');
    const { edits } = answer;
    return sample(
      {
        ...params,
        ...(edits.messages ? { messages: edits.messages } : {}),
        ...(edits.systemPrompt !== undefined ? { systemPrompt: edits.systemPrompt } : {}),
        ...(edits.maxTokens ? { maxTokens: edits.maxTokens } : {}),
      },
      { ...context, model: edits.model, onSampled: this.traced(context.serverId, 'user') },
    );
  }

  /** Publishes the request and waits: the answer, or undefined on cancellation / time-out. */
  private wait<R extends { id: string }>(
    map: Map<string, Waiting<R>>,
    request: R,
    signal: AbortSignal,
    event: 'mcp.elicitation.requested' | 'mcp.sampling.requested',
  ): Promise<unknown> {
    return new Promise((resolve) => {
      const finish = (answer: unknown, outcome: string) => {
        if (!map.delete(request.id)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.deps.bus.publish('mcp.serverRequest.resolved', { id: request.id, outcome });
        resolve(answer);
      };
      const onAbort = () => finish(undefined, 'cancelled');
      const timer = setTimeout(() => finish(undefined, 'timed-out'), this.deps.timeoutMs ?? 10 * 60_000);
      timer.unref?.();
      signal.addEventListener('abort', onAbort, { once: true });
      map.set(request.id, { request, settle: (answer) => finish(answer, 'answered') });
      this.deps.bus.publish(event, request as never);
    });
  }
}
