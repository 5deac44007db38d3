import { randomUUID } from 'node:crypto';
import type {
  ApprovalDecision,
  ApprovalRequest,
  McpServer,
  McpToolAnnotations,
} from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import type { z } from 'zod';
import type { Bus } from '../bus/bus';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ApprovalQuestion = DistributiveOmit<ApprovalRequest, 'id' | 'requestedAt'>;

/** Persists consent: the manager applies the change to the stored server. */
export type ConsentWriter = (
  serverId: string,
  change: (server: McpServer) => McpServer,
) => Promise<void>;

export interface ToolCallCheck {
  server: McpServer;
  tool: {
    name: string;
    namespacedName: string;
    description: string;
    hash: string;
    annotations?: z.infer<typeof McpToolAnnotations> | undefined;
  };
  /** The full tool input, shown to the user as is. */
  input: unknown;
  runId?: string | undefined;
  signal?: AbortSignal | undefined;
  /** The user made this call by hand (tool tester): it needs no further approval unless denied. */
  userInitiated?: boolean | undefined;
}

export interface LaunchCheck {
  server: McpServer;
  /** The resolved executable and its arguments, exactly as they will be spawned. */
  command: string;
  args: string[];
  cwd?: string | undefined;
  envNames: string[];
  commandLine: string;
  hash: string;
  signal?: AbortSignal | undefined;
}

interface Pending {
  request: ApprovalRequest;
  settle: (decision: ApprovalDecision | AppError) => void;
}

/**
 * Decides whether a tool call or a server launch may go ahead: by the server's policy, the
 * user's earlier consent (pinned definition hashes) and, when needed, by asking the user through
 * an `mcp.approval.requested` event answered with `respond` (then `mcp.approval.resolved` tells
 * every client it no longer waits). Tool annotations are never used
 * to decide: they are shown as hints only.
 */
export class ApprovalService {
  private readonly pending = new Map<string, Pending>();
  private readonly runGrants = new Map<string, Set<string>>();

  constructor(
    private readonly bus: Bus,
    private readonly writeConsent: ConsentWriter,
    private readonly options: { timeoutMs: number } = { timeoutMs: 10 * 60_000 },
  ) {}

  async authorizeToolCall(check: ToolCallCheck): Promise<void> {
    const { server, tool } = check;
    const mode = server.approval.tools[tool.name] ?? server.approval.default;
    if (mode === 'deny') {
      throw new AppError(
        'FORBIDDEN',
        `Tool "${tool.name}" of "${server.name}" is blocked by its approval policy.`,
        {
          hint: 'Change the approval policy of the tool in the server settings to allow it.',
        },
      );
    }
    if (check.userInitiated) return;
    const pinned = server.consent.tools[tool.name];
    const changed = pinned !== undefined && pinned !== tool.hash;
    const grantKey = `${server.id}\u0000${tool.name}\u0000${tool.hash}`;
    if (!changed) {
      if (mode === 'allow') {
        if (pinned === undefined)
          await this.writeConsent(server.id, (s) => pin(s, tool.name, tool.hash));
        return;
      }
      if (check.runId && this.runGrants.get(check.runId)?.has(grantKey)) return;
    }
    const decision = await this.ask(
      {
        kind: 'tool-call',
        serverId: server.id,
        serverName: server.name,
        tool: tool.name,
        namespacedName: tool.namespacedName,
        description: tool.description,
        input: check.input,
        reason: changed ? 'definition-changed' : 'policy',
        hash: tool.hash,
        ...(check.runId ? { runId: check.runId } : {}),
        ...(tool.annotations ? { annotations: tool.annotations } : {}),
      },
      check.signal,
    );
    switch (decision) {
      case 'deny':
        throw new AppError(
          'FORBIDDEN',
          `The user denied the call to "${tool.name}" of "${server.name}".`,
        );
      case 'allow-once':
        return;
      case 'allow-run':
        if (check.runId) {
          let grants = this.runGrants.get(check.runId);
          if (!grants) this.runGrants.set(check.runId, (grants = new Set()));
          grants.add(grantKey);
        }
        return;
      case 'allow-always':
        await this.writeConsent(server.id, (s) => {
          const pinnedServer = pin(s, tool.name, tool.hash);
          return {
            ...pinnedServer,
            approval: { ...s.approval, tools: { ...s.approval.tools, [tool.name]: 'allow' } },
          };
        });
        return;
    }
  }

  async authorizeLaunch(check: LaunchCheck): Promise<void> {
    const { server } = check;
    if (server.consent.launch === check.hash) return;
    const decision = await this.ask(
      {
        kind: 'server-launch',
        serverId: server.id,
        serverName: server.name,
        commandLine: check.commandLine,
        command: check.command,
        args: check.args,
        ...(check.cwd ? { cwd: check.cwd } : {}),
        envNames: check.envNames,
        reason: server.consent.launch ? 'command-changed' : 'new-server',
      },
      check.signal,
    );
    if (decision === 'deny') {
      throw new AppError('FORBIDDEN', `The user did not allow starting "${server.name}".`, {
        hint: 'Check the command in the server settings, then start the server again.',
      });
    }
    if (decision === 'allow-always') {
      await this.writeConsent(server.id, (s) => ({
        ...s,
        consent: { ...s.consent, launch: check.hash },
      }));
    }
  }

  /** Answers a pending request; false when it is unknown or already answered. */
  respond(id: string, decision: ApprovalDecision): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    entry.settle(decision);
    return true;
  }

  /** Requests waiting for an answer (for a UI that connects late). */
  list(): ApprovalRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  /** Forgets the "allow for this run" grants of a finished run. */
  endRun(runId: string): void {
    this.runGrants.delete(runId);
  }

  /** Refuses everything still waiting (on shutdown). */
  cancelAll(reason = 'The app is shutting down.'): void {
    for (const entry of this.pending.values()) entry.settle(new AppError('CANCELLED', reason));
  }

  private ask(
    question: ApprovalQuestion,
    signal: AbortSignal | undefined,
  ): Promise<ApprovalDecision> {
    if (signal?.aborted)
      return Promise.reject(
        new AppError('CANCELLED', 'The call was cancelled before it was approved.'),
      );
    const request = {
      ...question,
      id: randomUUID(),
      requestedAt: new Date().toISOString(),
    } as ApprovalRequest;
    return new Promise<ApprovalDecision>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          settle(
            new AppError(
              'TIMEOUT',
              `Nobody answered the approval request for "${question.serverName}" in time.`,
              {
                hint: 'Approve tool calls from the approvals panel while the agent runs, or set the tool to "allow".',
              },
            ),
          ),
        this.options.timeoutMs,
      );
      timer.unref?.();
      const onAbort = () =>
        settle(new AppError('CANCELLED', 'The call was cancelled while waiting for approval.'));
      const settle = (outcome: ApprovalDecision | AppError) => {
        if (!this.pending.delete(request.id)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.bus.publish('mcp.approval.resolved', { id: request.id, outcome: outcomeOf(outcome) });
        if (outcome instanceof AppError) reject(outcome);
        else resolve(outcome);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(request.id, { request, settle });
      this.bus.publish('mcp.approval.requested', request);
    });
  }
}

/** How a request stopped waiting, for the `mcp.approval.resolved` event. */
function outcomeOf(outcome: ApprovalDecision | AppError) {
  if (outcome instanceof AppError) return outcome.code === 'TIMEOUT' ? 'timed-out' : 'cancelled';
  return outcome === 'deny' ? 'denied' : 'allowed';
}

function pin(server: McpServer, tool: string, hash: string): McpServer {
  return {
    ...server,
    consent: { ...server.consent, tools: { ...server.consent.tools, [tool]: hash } },
  };
}
