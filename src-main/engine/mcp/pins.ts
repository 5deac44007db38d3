import { createHash } from 'node:crypto';
import type { StdioTransport } from '@shared/entities/mcp';

/** JSON with object keys sorted, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface ToolDefinition {
  name: string;
  description?: string | undefined;
  inputSchema: unknown;
  outputSchema?: unknown;
}

/** The pin of a tool definition: what the user consented to. Annotations are hints and not part of it. */
export function toolDefinitionHash(tool: ToolDefinition): string {
  return sha256(
    stableStringify({
      name: tool.name,
      description: tool.description ?? '',
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema ?? null,
    }),
  );
}

/** The pin of a stdio launch: a change of command, args, cwd, env values or secret names needs consent again. */
export function launchHash(
  transport: StdioTransport,
  secretEnv: Record<string, string> = {},
): string {
  return sha256(
    stableStringify({
      command: transport.command,
      args: transport.args,
      cwd: transport.cwd ?? null,
      env: transport.env,
      secretEnv,
    }),
  );
}

/** Whether a tool's definition differs from the one the user approved (never approved: false). */
export function changedSinceConsent(consentedTools: Record<string, string>, tool: string, hash: string): boolean {
  const pinned = consentedTools[tool];
  return pinned !== undefined && pinned !== hash;
}
