import type { CatalogEntry } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import { catalogServerConfig } from '@shared/mcp/catalog-config';
import type { ParsedServerInput } from './claude-config';

const npx = (pkg: string, ...args: string[]) => ({
  type: 'stdio' as const,
  command: 'npx',
  args: ['-y', pkg, ...args],
  env: {},
});
const uvx = (pkg: string, ...args: string[]) => ({
  type: 'stdio' as const,
  command: 'uvx',
  args: [pkg, ...args],
  env: {},
});

/** Well-known servers and what each needs before it can run. */
export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'filesystem',
    name: 'Filesystem',
    description: 'Read, write, search and move files inside the folders you choose.',
    package: '@modelcontextprotocol/server-filesystem',
    runtime: 'node',
    transport: npx('@modelcontextprotocol/server-filesystem'),
    requires: [
      {
        kind: 'path',
        label: 'Folders',
        description: 'The only folders the server may access.',
        multiple: true,
      },
    ],
    homepage: 'https://github.com/modelcontextprotocol/servers/tree/main/src/filesystem',
    suggestedApproval: 'ask',
  },
  {
    id: 'memory',
    name: 'Memory',
    description: 'A persistent knowledge graph of entities, relations and observations.',
    package: '@modelcontextprotocol/server-memory',
    runtime: 'node',
    transport: npx('@modelcontextprotocol/server-memory'),
    requires: [],
    homepage: 'https://github.com/modelcontextprotocol/servers/tree/main/src/memory',
    suggestedApproval: 'allow',
  },
  {
    id: 'sequential-thinking',
    name: 'Sequential thinking',
    description: 'Structured step-by-step reasoning with revisions and branches.',
    package: '@modelcontextprotocol/server-sequential-thinking',
    runtime: 'node',
    transport: npx('@modelcontextprotocol/server-sequential-thinking'),
    requires: [],
    homepage: 'https://github.com/modelcontextprotocol/servers/tree/main/src/sequentialthinking',
    suggestedApproval: 'allow',
  },
  {
    id: 'everything',
    name: 'Everything (test server)',
    description:
      'Exercises every MCP feature: tools, resources, prompts, progress, sampling. For testing clients.',
    package: '@modelcontextprotocol/server-everything',
    runtime: 'node',
    transport: npx('@modelcontextprotocol/server-everything'),
    requires: [],
    homepage: 'https://github.com/modelcontextprotocol/servers/tree/main/src/everything',
    suggestedApproval: 'ask',
  },
  {
    id: 'fetch',
    name: 'Fetch',
    description: 'Fetches web pages and converts them to markdown.',
    package: 'mcp-server-fetch',
    runtime: 'python',
    transport: uvx('mcp-server-fetch'),
    requires: [],
    homepage: 'https://github.com/modelcontextprotocol/servers/tree/main/src/fetch',
    suggestedApproval: 'ask',
  },
  {
    id: 'git',
    name: 'Git',
    description: 'Reads and changes a local git repository (status, diff, log, commit, branches).',
    package: 'mcp-server-git',
    runtime: 'python',
    transport: uvx('mcp-server-git'),
    requires: [
      {
        kind: 'path',
        label: 'Repository',
        description: 'The git repository to work on.',
        multiple: false,
        flag: '--repository',
      },
    ],
    homepage: 'https://github.com/modelcontextprotocol/servers/tree/main/src/git',
    suggestedApproval: 'ask',
  },
  {
    id: 'github',
    name: 'GitHub',
    description: 'Issues, pull requests, code search and repository files on GitHub.',
    package: 'ghcr.io/github/github-mcp-server',
    runtime: 'docker',
    transport: {
      type: 'stdio',
      command: 'docker',
      args: [
        'run',
        '-i',
        '--rm',
        '-e',
        'GITHUB_PERSONAL_ACCESS_TOKEN',
        'ghcr.io/github/github-mcp-server',
      ],
      env: {},
    },
    requires: [
      {
        kind: 'secret',
        label: 'Personal access token',
        description: 'A GitHub token with the scopes the agent needs (repo, read:org…).',
        env: 'GITHUB_PERSONAL_ACCESS_TOKEN',
        secret: 'github.token',
        optional: false,
        url: 'https://github.com/settings/personal-access-tokens',
      },
    ],
    homepage: 'https://github.com/github/github-mcp-server',
    suggestedApproval: 'ask',
  },
  {
    id: 'postgres',
    name: 'PostgreSQL (read-only)',
    description: 'Inspects schemas and runs read-only queries against a PostgreSQL database.',
    package: '@modelcontextprotocol/server-postgres',
    runtime: 'node',
    transport: npx('@modelcontextprotocol/server-postgres'),
    requires: [
      {
        kind: 'value',
        label: 'Connection URL',
        description:
          'postgresql://user@host/db — it is stored in the server settings, so use a read-only role.',
        placeholder: 'postgresql://localhost/mydb',
      },
    ],
    homepage: 'https://github.com/modelcontextprotocol/servers-archived/tree/main/src/postgres',
    suggestedApproval: 'ask',
  },
  {
    id: 'playwright',
    name: 'Playwright browser',
    description: 'Drives a real browser: navigate, click, type, take snapshots and screenshots.',
    package: '@playwright/mcp',
    runtime: 'node',
    transport: npx('@playwright/mcp@latest'),
    requires: [],
    homepage: 'https://github.com/microsoft/playwright-mcp',
    suggestedApproval: 'ask',
  },
  {
    id: 'brave-search',
    name: 'Brave Search',
    description: 'Web, news, image and local search through the Brave Search API.',
    package: '@brave/brave-search-mcp-server',
    runtime: 'node',
    transport: npx('@brave/brave-search-mcp-server'),
    requires: [
      {
        kind: 'secret',
        label: 'Brave Search API key',
        description: 'A key from the Brave Search API dashboard.',
        env: 'BRAVE_API_KEY',
        secret: 'brave.apiKey',
        optional: false,
        url: 'https://brave.com/search/api/',
      },
    ],
    homepage: 'https://github.com/brave/brave-search-mcp-server',
    suggestedApproval: 'allow',
  },
];

export interface CatalogChoices {
  name?: string;
  /** Folders for `path` requirements, in order. */
  paths?: string[];
  /** Values for `value` requirements, in order. */
  values?: string[];
}

/** The server config for a catalog entry and the user's choices; secrets are referred to by name. */
export function catalogServerInput(
  entryId: string,
  choices: CatalogChoices = {},
): ParsedServerInput {
  const entry = CATALOG.find((e) => e.id === entryId);
  if (!entry)
    throw new AppError('NOT_FOUND', `No catalog server "${entryId}".`, {
      hint: 'Pick one from mcp.servers.catalog.',
    });
  const paths = [...(choices.paths ?? [])];
  const values = [...(choices.values ?? [])];
  const answers = entry.requires.map((need) => {
    if (need.kind === 'secret') return [];
    const given =
      need.kind === 'path'
        ? need.multiple
          ? paths.splice(0)
          : paths.splice(0, 1)
        : values.splice(0, 1);
    if (given.length === 0) {
      throw new AppError('VALIDATION', `${entry.name} needs: ${need.label}.`, {
        hint: need.description,
      });
    }
    return given;
  });
  return {
    ...catalogServerConfig(entry, answers, {
      name: choices.name ?? entry.id,
      approval: entry.suggestedApproval,
    }),
    // Every folder given is granted as a root, even one more than the arguments take.
    roots: entry.requires.some((need) => need.kind === 'path') ? (choices.paths ?? []) : [],
    toolTimeoutMs: 120_000,
  };
}
