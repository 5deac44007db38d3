import type { runMethods } from '@shared/api/runs';
import type { HandlerSlice } from '../handlers';
import type { RunService } from './service';
import type { BuiltinTools } from './tools/builtins';

export function runHandlers({ runs, builtins }: { runs: RunService; builtins: BuiltinTools }): HandlerSlice<typeof runMethods> {
  return {
    'runs.start': ({ agent, input, options, attachments }) => runs.start(agent, input, { ...options, ...(attachments?.length ? { attachments } : {}) }),
    'runs.cancel': ({ runId }) => runs.cancel(runId),
    'runs.approve': async ({ runId, callId, decision }) => runs.approve(runId, callId, decision),
    'runs.get': ({ runId }) => runs.get(runId),
    'runs.list': ({ parentRunId, agentId, status, before, limit }) =>
      runs.list({ limit, ...(agentId ? { agentId } : {}), ...(status ? { status } : {}), ...(before ? { before } : {}), ...(parentRunId !== undefined ? { parentRunId } : {}) }),
    'runs.trace': ({ runId, includeChildren }) => runs.trace(runId, includeChildren),
    'runs.messages': ({ runId }) => runs.messages(runId),
    'runs.builtinTools': async () => builtins.list(),
  };
}
