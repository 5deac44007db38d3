import { createHash } from 'node:crypto';
import { stableStringify } from '../mcp/pins';

/** Everything that shapes an answer to a case; a change of any of it is a cache miss. */
export interface CacheKeyParts {
  /** The agent's definition at the revision (system prompt, model, temperature, tools, tool policies, knowledge…). */
  agent: object;
  revision: number;
  /** The target's overrides (model, temperature, retrieval mode). */
  overrides: object;
  /** The rendered message. */
  input: string;
  /** Content hashes of the attached files. */
  attachments: string[];
  /** The tool definitions the agent is offered. */
  tools: { name: string; description: string; inputSchema: unknown }[];
  /** The configuration of the MCP servers behind those tools (command, args, env names, url…). */
  mcpServers: unknown[];
  /** Knowledge base id → content version. */
  kbVersions: Record<string, string>;
  caseMaxSteps: number;
  /** Each trial is its own answer. */
  trial?: number;
}

/** The cache key of an answer: sha256 (hex) of the parts as JSON with sorted keys, so key order never matters. */
export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256').update(stableStringify({ v: 1, ...parts })).digest('hex');
}
