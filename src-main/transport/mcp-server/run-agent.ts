import type { ApiClient } from '@shared/api/index';
import type { Agent } from '@shared/entities/agent';
import type { ApprovalRequest } from '@shared/entities/mcp';
import { isFinalRunStatus, type Run } from '@shared/entities/run';

export interface RunAgentRequest {
  /** Agent id or name. */
  agent: string;
  input: string;
  /** Continue the agent's conversation (default false: every call starts fresh). */
  history?: boolean;
  maxSteps?: number;
  /** Aborting cancels the run. */
  signal?: AbortSignal;
  /** A short line per step (model call, tool call), for progress notifications. */
  onProgress?: (message: string) => void;
  /** Where denied approvals are reported (stderr or a log; never stdout). */
  log?: (message: string) => void;
}

/**
 * Runs an agent for a caller that cannot answer approvals (another MCP client) and resolves with
 * the ended run. Nobody is asked: a tool call that needs approval is denied, so is a start of an MCP
 * server the agents of the run use whose command was never approved. Calls run without asking only
 * when the tool's policy is "allow" (and its definition is the approved one), as in any run.
 */
export async function runAgentToEnd(client: ApiClient, request: RunAgentRequest): Promise<Run> {
  const log = request.log ?? (() => {});
  let root: Run | undefined;
  const early: Run[] = [];
  const earlyRequests: ApprovalRequest[] = [];
  const tree = new Set<string>();
  const agentIds = new Set<string>();
  const answered = new Set<string>();
  const agents = new Map<string, Promise<Agent | undefined>>();
  let finish: (run: Run) => void = () => {};
  const done = new Promise<Run>((resolve) => (finish = resolve));

  const deny = (runId: string, callId: string, toolName: string) => {
    if (answered.has(`${runId}\u0000${callId}`)) return;
    answered.add(`${runId}\u0000${callId}`);
    log(`run_agent: denied ${toolName} (runs started over MCP cannot ask for approval)`);
    void client.call('runs.approve', { runId, callId, decision: 'deny' }).catch(() => {});
  };

  const onStatus = (run: Run) => {
    if (run.rootRunId !== root?.id) return;
    tree.add(run.id);
    agentIds.add(run.agentId);
    for (const pending of run.pendingApprovals) deny(run.id, pending.callId, pending.toolName);
    if (run.id === root.id && isFinalRunStatus(run.status)) finish(run);
  };

  const agentFor = (id: string) => {
    let found = agents.get(id);
    if (!found) agents.set(id, (found = client.call('agents.get', { id }).catch(() => undefined)));
    return found;
  };

  /** Launches and changed tool definitions would wait for a human who is not there. */
  const onApproval = async (req: ApprovalRequest) => {
    let ours = false;
    if (req.kind === 'tool-call')
      ours = !!req.runId && (req.runId === root?.id || tree.has(req.runId));
    else {
      const used = await Promise.all([...agentIds].map(agentFor));
      ours = used.some((a) =>
        a?.tools.some((t) => t.kind !== 'builtin' && t.serverId === req.serverId),
      );
    }
    if (!ours) return;
    log(
      `run_agent: denied ${req.kind === 'tool-call' ? `the call to ${req.tool}` : `starting ${req.serverName}`} (no one to approve it over MCP)`,
    );
    await client.call('approvals.respond', { id: req.id, decision: 'deny' }).catch(() => {});
  };

  const offStatus = client.subscribe('run.status', (run) =>
    root ? onStatus(run) : early.push(run),
  );
  const offApproval = client.subscribe('mcp.approval.requested', (req) => {
    if (root) void onApproval(req);
    else earlyRequests.push(req);
  });
  const offEvent = request.onProgress
    ? client.subscribe('run.event', (e) => {
        if (!root || !tree.has(e.runId)) return;
        if (e.type === 'model.request')
          request.onProgress?.(
            `${e.runId === root.id ? '' : 'delegate: '}step ${e.step}: asking ${e.model}`,
          );
        if (e.type === 'tool.call.requested') request.onProgress?.(`calling ${e.name}`);
      })
    : () => {};
  const cancel = () => {
    if (root) void client.call('runs.cancel', { runId: root.id }).catch(() => {});
  };
  request.signal?.addEventListener('abort', cancel, { once: true });
  try {
    root = await client.call('runs.start', {
      agent: request.agent,
      input: request.input,
      options: {
        history: request.history ?? false,
        ...(request.maxSteps ? { maxSteps: request.maxSteps } : {}),
      },
    });
    tree.add(root.id);
    agentIds.add(root.agentId);
    for (const run of early.splice(0)) onStatus(run);
    for (const req of earlyRequests.splice(0)) void onApproval(req);
    if (request.signal?.aborted) cancel();
    if (isFinalRunStatus(root.status)) finish(root);
    return await done;
  } finally {
    request.signal?.removeEventListener('abort', cancel);
    offStatus();
    offApproval();
    offEvent();
  }
}
