import { z } from 'zod';
import {
  ApprovalPolicy,
  EnvName,
  HeaderName,
  McpServerInput,
  SecretName,
  type McpServer,
} from '@shared/entities/mcp';
import { AppError, issuesFromZod, type FieldIssue } from '@shared/errors';
import { describeJsonError, parseJson } from '@shared/json-text';

export type ParsedServerInput = z.output<typeof McpServerInput>;

/**
 * JSON.parse, or a VALIDATION AppError naming the line and column of the syntax error, found by
 * the same checker as the UI's (src-shared/json-text), so both point at the same place.
 */
export function parseJsonText(text: string, what: string): unknown {
  const parsed = parseJson(text);
  if (parsed.ok) return parsed.value;
  throw new AppError(
    'VALIDATION',
    `${what} is not valid JSON: ${parsed.message} at line ${parsed.line}, column ${parsed.column}.`,
    {
      hint: 'Fix the JSON syntax (a missing comma or quote is the usual cause) and import again.',
      issues: [{ path: [], message: describeJsonError(parsed) }],
    },
  );
}

const scalarText = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** One entry of `mcpServers`, in the superset of keys the common clients write. Unknown keys are ignored. */
const ExternalEntry = z.object({
  type: z.string().optional(),
  transport: z.string().optional(),
  command: z.string().optional(),
  args: z.array(scalarText).optional(),
  env: z.record(z.string(), scalarText).optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  baseUrl: z.string().optional(),
  serverUrl: z.string().optional(),
  headers: z.record(z.string(), scalarText).optional(),
  fallbackToSse: z.boolean().optional(),
  disabled: z.boolean().optional(),
  isActive: z.boolean().optional(),
  enabled: z.boolean().optional(),
  autoStart: z.boolean().optional(),
  alwaysAllow: z.array(z.string()).optional(),
  // Agent Factory's own keys, written by export so a round trip keeps everything.
  approval: ApprovalPolicy.optional(),
  secretEnv: z.record(EnvName, SecretName).optional(),
  secretHeaders: z.record(HeaderName, SecretName).optional(),
  roots: z.array(z.string()).optional(),
  toolTimeoutMs: z.number().optional(),
});
type ExternalEntry = z.infer<typeof ExternalEntry>;

const ExternalFile = z.object({
  mcpServers: z.record(z.string(), z.unknown()).optional(),
  servers: z.record(z.string(), z.unknown()).optional(),
});

function transportOf(entry: ExternalEntry): unknown {
  const kind = (entry.type ?? entry.transport ?? '').toLowerCase().replace(/[-_]/g, '');
  const url = entry.url ?? entry.baseUrl ?? entry.serverUrl;
  if (kind === 'sse') return { type: 'sse', url, headers: entry.headers ?? {} };
  if (kind === 'http' || kind === 'streamablehttp' || (!kind && !entry.command && url)) {
    return {
      type: 'http',
      url,
      headers: entry.headers ?? {},
      fallbackToSse: entry.fallbackToSse ?? true,
    };
  }
  return {
    type: 'stdio',
    command: entry.command,
    args: entry.args ?? [],
    env: entry.env ?? {},
    ...(entry.cwd ? { cwd: entry.cwd } : {}),
  };
}

function toInput(name: string, entry: ExternalEntry): unknown {
  const approval = entry.approval ?? { default: 'ask' as const, tools: {} };
  const tools = { ...approval.tools };
  for (const tool of entry.alwaysAllow ?? []) tools[tool] = 'allow';
  const enabled =
    entry.enabled ?? (entry.disabled === true || entry.isActive === false ? false : true);
  return {
    name,
    transport: transportOf(entry),
    enabled,
    ...(entry.autoStart !== undefined ? { autoStart: entry.autoStart } : {}),
    approval: { default: approval.default, tools },
    ...(entry.secretEnv ? { secretEnv: entry.secretEnv } : {}),
    ...(entry.secretHeaders ? { secretHeaders: entry.secretHeaders } : {}),
    ...(entry.roots ? { roots: entry.roots } : {}),
    ...(entry.toolTimeoutMs !== undefined ? { toolTimeoutMs: entry.toolTimeoutMs } : {}),
  };
}

/**
 * Reads a Claude Desktop style config (`{ "mcpServers": { "<name>": {...} } }`, or `servers`).
 * All or nothing: any bad entry throws a VALIDATION AppError naming it, and nothing is returned.
 */
export function parseServersConfig(text: string): ParsedServerInput[] {
  const json = parseJsonText(text, 'The MCP config');
  const file = ExternalFile.safeParse(json);
  const entries = file.success ? (file.data.mcpServers ?? file.data.servers) : undefined;
  if (!entries) {
    throw new AppError('VALIDATION', 'The MCP config has no "mcpServers" object.', {
      hint: 'Expected the format of claude_desktop_config.json: { "mcpServers": { "name": { "command": "...", "args": [] } } }.',
    });
  }
  const issues: FieldIssue[] = [];
  const servers: ParsedServerInput[] = [];
  const seen = new Set<string>();
  for (const [name, raw] of Object.entries(entries)) {
    const entry = ExternalEntry.safeParse(raw);
    const input = entry.success ? McpServerInput.safeParse(toInput(name, entry.data)) : entry;
    if (!input.success) {
      for (const issue of issuesFromZod(input.error))
        issues.push({ path: ['mcpServers', name, ...issue.path], message: issue.message });
      continue;
    }
    const key = input.data.name.toLowerCase();
    if (seen.has(key))
      issues.push({ path: ['mcpServers', name], message: 'Duplicate server name' });
    seen.add(key);
    servers.push(input.data);
  }
  const first = issues[0];
  if (first) {
    throw new AppError(
      'VALIDATION',
      `Server "${first.path[1]}" in the MCP config: ${first.path.slice(2).join('.') || 'entry'}: ${first.message}`,
      {
        hint: 'Fix the entry and import again; nothing was imported.',
        issues,
      },
    );
  }
  return servers;
}

/** Writes servers as `{ "mcpServers": {...} }` that Claude Desktop and Agent Factory both read. */
export function serializeServersConfig(servers: readonly McpServer[]): string {
  const mcpServers: Record<string, Record<string, unknown>> = {};
  for (const server of servers) {
    const t = server.transport;
    const base: Record<string, unknown> =
      t.type === 'stdio'
        ? {
            command: t.command,
            args: t.args,
            ...(Object.keys(t.env).length ? { env: t.env } : {}),
            ...(t.cwd ? { cwd: t.cwd } : {}),
          }
        : {
            type: t.type,
            url: t.url,
            ...(Object.keys(t.headers).length ? { headers: t.headers } : {}),
            ...(t.type === 'http' && !t.fallbackToSse ? { fallbackToSse: false } : {}),
          };
    const alwaysAllow = Object.entries(server.approval.tools)
      .filter(([, mode]) => mode === 'allow')
      .map(([tool]) => tool);
    mcpServers[server.name] = {
      ...base,
      ...(server.enabled ? {} : { disabled: true }),
      autoStart: server.autoStart,
      ...(alwaysAllow.length ? { alwaysAllow } : {}),
      approval: server.approval,
      ...(Object.keys(server.secretEnv).length ? { secretEnv: server.secretEnv } : {}),
      ...(Object.keys(server.secretHeaders).length ? { secretHeaders: server.secretHeaders } : {}),
      ...(server.roots.length ? { roots: server.roots } : {}),
      toolTimeoutMs: server.toolTimeoutMs,
    };
  }
  return `${JSON.stringify({ mcpServers }, null, 2)}\n`;
}
