import { z } from 'zod';
import type { RuntimeTool } from './tools/types';

/** How a run started unattended (an automation) handles tool calls that need approval. */
export interface UnattendedPolicy {
  /** deny: calls that need approval are denied and the model is told why; allow-listed: only listed tools run without asking, others are denied; queue: the run waits for a person's approval like an interactive run, but the wait expires after queueTimeoutMs (then denied). */
  approval: 'deny' | 'allow-listed' | 'queue' | 'allow';
  /** Tools allowed to run unattended (allow-listed): 'server:tool' for MCP tools (server name, as the user sees it, and the tool's original name), or a built-in tool's name, or the namespaced name the model sees (`<server>__<tool>`). '*' in the tool part allows all of a server's tools ('server:*'). */
  allowTools?: string[];
  /** queue: how long a call waits for an answer (default 1 hour). */
  queueTimeoutMs?: number;
}

export const DEFAULT_QUEUE_TIMEOUT_MS = 3_600_000;
/** The longest wait a timer can hold (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** Checks a policy given to `runs.start`. */
export const UnattendedPolicySchema = z
  .object({
    /** allow: every tool runs without asking (evaluation runs whose suite says so). */
    approval: z.enum(['deny', 'allow-listed', 'queue', 'allow']),
    allowTools: z.array(z.string().trim().min(1).max(300)).max(1000).optional(),
    queueTimeoutMs: z.number().int().positive().max(MAX_TIMER_MS).optional(),
  })
  .strict() satisfies z.ZodType<UnattendedPolicy>;

/** What an unattended run does with a call that would ask for approval. */
export type UnattendedVerdict =
  | { action: 'run'; reason: string }
  | { action: 'queue'; timeoutMs: number }
  | { action: 'deny'; reason: string; message: string };

/** The allow-list entry that names this tool: `server:tool` for MCP tools, the name for built-ins. */
export function allowEntryFor(tool: RuntimeTool): string {
  return tool.mcp ? `${tool.mcp.serverName}:${tool.mcp.tool}` : tool.spec.name;
}

/** Whether an allow-list entry names the tool (see `UnattendedPolicy.allowTools`). */
export function entryMatches(entry: string, tool: RuntimeTool): boolean {
  const key = tool.key ?? `${tool.source}:${tool.spec.name}`;
  const names = [tool.spec.name, key, `${tool.source}:*`];
  if (tool.mcp) names.push(`${tool.mcp.serverName}:${tool.mcp.tool}`, `${tool.mcp.serverName}:*`);
  return names.includes(entry.trim());
}

/** "1 hour", "5 minutes", "30 s", "200 ms". */
export function describeDuration(ms: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return unit(Math.round(ms / 60_000), 'minute');
  return unit(Math.round(ms / 3_600_000), 'hour');
}

const notAvailable = (name: string, reason: string) =>
  `The tool ${name} is not available in this unattended run (${reason}). Do not try it again; continue without it.`;

/** The verdict for a call of `tool` that would ask for approval in an interactive run. */
export function unattendedVerdict(policy: UnattendedPolicy, tool: RuntimeTool): UnattendedVerdict {
  const name = tool.spec.name;
  if (policy.approval === 'queue') return { action: 'queue', timeoutMs: policy.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS };
  if (policy.approval === 'allow' && !tool.mustAsk) return { action: 'run', reason: 'Allowed: this unattended run allows every tool' };
  if (policy.approval === 'deny') {
    const reason = 'this run is unattended (automation policy: deny)';
    return { action: 'deny', reason, message: notAvailable(name, reason) };
  }
  const listed = (policy.allowTools ?? []).some((entry) => entryMatches(entry, tool));
  if (listed && !tool.mustAsk) return { action: 'run', reason: 'Allowed by the automation’s allowed tools' };
  const reason = listed
    ? 'this run is unattended and the tool’s definition changed since it was approved (automation policy: allow-listed); review the tool before it runs unattended'
    : `this run is unattended and ${name} is not among its allowed tools (automation policy: allow-listed); to let it run, add it to the automation’s allowed tools ("${allowEntryFor(tool)}")`;
  return { action: 'deny', reason, message: notAvailable(name, reason) };
}

/** The denial of a queued call no one answered in time. */
export function expiredDenial(timeoutMs: number): { reason: string; message: string } {
  const reason = `No one answered within ${describeDuration(timeoutMs)} (automation policy: queue)`;
  return { reason, message: `No one approved this tool call in time: ${reason}. Do not try it again; continue without it.` };
}
