import { randomUUID } from 'node:crypto';
import { isAbsolute } from 'node:path';
import {
  McpServer,
  McpServerInput,
  McpServerPatch,
  type ImportReport,
  type McpServerView,
} from '@shared/entities/mcp';
import { AppError, parseOrThrow } from '@shared/errors';
import {
  parseServersConfig,
  serializeServersConfig,
  type ParsedServerInput,
} from './claude-config';
import type { ServerManager } from './manager';
import { serverPrefix } from './names';

/** Checks that hold across servers: a name whose tool prefix no other server uses, absolute roots. */
function checkServer(candidate: McpServer, others: McpServer[]): void {
  const prefix = serverPrefix(candidate.name);
  const clash = others.find(
    (s) => s.id !== candidate.id && serverPrefix(s.name).toLowerCase() === prefix.toLowerCase(),
  );
  if (clash) {
    throw new AppError(
      'CONFLICT',
      `The name "${candidate.name}" is too close to the server "${clash.name}" (both give tools the prefix "${prefix}__").`,
      {
        hint: 'Choose a name that differs in letters or digits.',
        issues: [{ path: ['name'], message: 'Already used by another server' }],
      },
    );
  }
  const relative = candidate.roots.find((root) => !isAbsolute(root));
  if (relative !== undefined) {
    throw new AppError('VALIDATION', `Root folders must be absolute paths: "${relative}".`, {
      issues: [{ path: ['roots'], message: 'Use an absolute path' }],
    });
  }
}

/** Server configuration: create, edit, delete, import and export (the manager runs them). */
export class McpServerService {
  constructor(private readonly manager: ServerManager) {}

  async create(input: unknown): Promise<McpServerView> {
    const parsed = parseOrThrow(McpServerInput, input, 'MCP server');
    const now = new Date().toISOString();
    const server: McpServer = {
      ...parsed,
      id: randomUUID(),
      consent: { tools: {} },
      createdAt: now,
      updatedAt: now,
    };
    checkServer(server, this.manager.servers());
    const saved = await this.manager.createServer(server);
    return this.manager.view(saved.id);
  }

  async update(id: string, patch: unknown): Promise<McpServerView> {
    const changes = parseOrThrow(McpServerPatch, patch, 'MCP server changes');
    await this.manager.updateServer(id, (current) => {
      const next = McpServer.parse({ ...current, ...changes });
      checkServer(next, this.manager.servers());
      return next;
    });
    return this.manager.view(id);
  }

  delete(id: string): Promise<boolean> {
    return this.manager.deleteServer(id);
  }

  /**
   * Imports a Claude Desktop style config. Everything is checked before anything is written; a
   * server whose name exists is updated (its consent is kept, a changed command asks again).
   */
  async import(json: string): Promise<ImportReport> {
    const inputs = parseServersConfig(json);
    const existing = this.manager.servers();
    const byName = new Map(existing.map((s) => [s.name.toLowerCase(), s]));
    const now = new Date().toISOString();
    const planned = inputs.map((input) => {
      const found = byName.get(input.name.toLowerCase());
      return found
        ? { kind: 'update' as const, server: { ...found, ...input } }
        : { kind: 'create' as const, server: newServer(input, now) };
    });
    const after = [
      ...existing.filter((s) => !planned.some((p) => p.server.id === s.id)),
      ...planned.map((p) => p.server),
    ];
    for (const plan of planned) {
      try {
        checkServer(plan.server, after);
      } catch (error) {
        const cause = error as AppError;
        throw new AppError(
          cause.code,
          `Server "${plan.server.name}" in the MCP config: ${cause.message}`,
          {
            hint: 'Fix the entry and import again; nothing was imported.',
            ...(cause.issues
              ? {
                  issues: cause.issues.map((i) => ({
                    ...i,
                    path: ['mcpServers', plan.server.name, ...i.path],
                  })),
                }
              : {}),
          },
        );
      }
    }
    const report: ImportReport = { created: [], updated: [], skipped: [] };
    for (const plan of planned) {
      if (plan.kind === 'create') {
        await this.manager.createServer(plan.server);
        report.created.push(this.manager.view(plan.server.id));
      } else {
        const { id, consent: _consent, createdAt: _createdAt, ...fields } = plan.server;
        await this.manager.updateServer(id, (current) => ({ ...current, ...fields }));
        report.updated.push(this.manager.view(id));
      }
    }
    return report;
  }

  export(ids?: string[]): string {
    const servers = this.manager.servers().filter((s) => !ids || ids.includes(s.id));
    const missing = ids?.find((id) => !servers.some((s) => s.id === id));
    if (missing) throw new AppError('NOT_FOUND', `No MCP server with id "${missing}".`);
    return serializeServersConfig(servers);
  }
}

function newServer(input: ParsedServerInput, now: string): McpServer {
  return { ...input, id: randomUUID(), consent: { tools: {} }, createdAt: now, updatedAt: now };
}
