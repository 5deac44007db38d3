import {
  McpServerInput,
  type CatalogEntry,
  type McpServerMetrics,
  type McpTool,
} from '@shared/entities/mcp';
import { AppError, issuesFromZod, type FieldIssue } from '@shared/errors';

/** A small catalog like the engine's: one entry per kind of requirement (path, secret, value). */
export const testCatalog: CatalogEntry[] = [
  {
    id: 'filesystem',
    name: 'Filesystem',
    description: 'Read, write, search and move files inside the folders you choose.',
    package: '@modelcontextprotocol/server-filesystem',
    runtime: 'node',
    transport: {
      type: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem'],
      env: {},
    },
    requires: [
      {
        kind: 'path',
        label: 'Folders',
        description: 'The only folders the server may access.',
        multiple: true,
      },
    ],
    homepage: 'https://example.test/filesystem',
    suggestedApproval: 'ask',
  },
  {
    id: 'github',
    name: 'GitHub',
    description: 'Issues and pull requests on GitHub.',
    package: 'ghcr.io/github/github-mcp-server',
    runtime: 'docker',
    transport: {
      type: 'stdio',
      command: 'docker',
      args: ['run', '-i', '--rm', 'ghcr.io/github/github-mcp-server'],
      env: {},
    },
    requires: [
      {
        kind: 'secret',
        label: 'Personal access token',
        description: 'A GitHub token.',
        env: 'GITHUB_TOKEN',
        secret: 'github.token',
        optional: false,
      },
    ],
    homepage: 'https://example.test/github',
    suggestedApproval: 'ask',
  },
  {
    id: 'postgres',
    name: 'PostgreSQL',
    description: 'Read-only queries.',
    package: '@modelcontextprotocol/server-postgres',
    runtime: 'node',
    transport: {
      type: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-postgres'],
      env: {},
    },
    requires: [
      {
        kind: 'value',
        label: 'Connection URL',
        description: 'postgresql://…',
        placeholder: 'postgresql://localhost/db',
        flag: '--url',
      },
    ],
    homepage: 'https://example.test/postgres',
    suggestedApproval: 'allow',
  },
];

export function testTool(
  serverId: string,
  name: string,
  inputSchema: Record<string, unknown>,
  extra: Partial<McpTool> = {},
): McpTool {
  return {
    serverId,
    name,
    namespacedName: `srv__${name}`,
    description: `The ${name} tool.`,
    inputSchema,
    hash: `hash-${name}`,
    approval: 'ask',
    changedSinceConsent: false,
    needsTasks: false,
    ...extra,
  } as McpTool;
}

export interface RecordedCall {
  tool: string;
  ms: number;
  error?: { at: string; code: string; message: string };
}

/** Metrics of recorded calls, computed like the engine's (nearest-rank percentiles). */
export function summarizeCalls(serverId: string, calls: readonly RecordedCall[]): McpServerMetrics {
  const summary = (list: readonly RecordedCall[]) => {
    const sorted = list.map((c) => c.ms).sort((a, b) => a - b);
    const at = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
    const lastError = list.filter((c) => c.error).at(-1)?.error;
    return {
      calls: list.length,
      errors: list.filter((c) => c.error).length,
      ...(sorted.length ? { p50Ms: at(50), p95Ms: at(95) } : {}),
      ...(lastError ? { lastError } : {}),
    };
  };
  const tools = [...new Set(calls.map((c) => c.tool))]
    .sort()
    .map((tool) => ({ tool, ...summary(calls.filter((c) => c.tool === tool)) }));
  return { serverId, ...summary(calls), tools };
}

/** The servers of a `{ "mcpServers": … }` config (command or url entries), all or nothing. */
export function parseTestConfig(json: string): ReturnType<typeof McpServerInput.parse>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new AppError('VALIDATION', 'The MCP config is not valid JSON.');
  }
  const entries = (parsed as { mcpServers?: Record<string, Record<string, unknown>> }).mcpServers;
  if (!entries || typeof entries !== 'object') {
    throw new AppError('VALIDATION', 'The MCP config has no "mcpServers" object.');
  }
  const issues: FieldIssue[] = [];
  const inputs = Object.entries(entries).flatMap(([name, entry]) => {
    const transport = entry.url
      ? { type: 'http', url: entry.url }
      : { type: 'stdio', command: entry.command, args: entry.args ?? [], env: entry.env ?? {} };
    const result = McpServerInput.safeParse({ name, transport, enabled: entry.disabled !== true });
    if (result.success) return [result.data];
    issues.push(
      ...issuesFromZod(result.error).map((i) => ({ ...i, path: ['mcpServers', name, ...i.path] })),
    );
    return [];
  });
  if (issues.length) {
    throw new AppError(
      'VALIDATION',
      `Server "${issues[0]!.path[1]}" in the MCP config: ${issues[0]!.message}`,
      {
        hint: 'Fix the entry and import again; nothing was imported.',
        issues,
      },
    );
  }
  return inputs;
}
