import type { mcpMethods } from '@shared/api/mcp';
import { AppError } from '@shared/errors';
import type { HandlerSlice } from '../handlers';
import type { SamplingEdits, ServerRequests } from './server-requests';

type Methods = Pick<
  typeof mcpMethods,
  'mcp.elicitation.pending' | 'mcp.elicitation.respond' | 'mcp.sampling.pending' | 'mcp.sampling.respond'
>;

const gone = (id: string) =>
  new AppError('NOT_FOUND', `No server request "${id}" is waiting.`, {
    hint: 'It was answered already, the server cancelled it, or it timed out.',
  });

/** The user's side of elicitation and sampling requests. */
export function serverRequestHandlers(requests: ServerRequests | undefined): HandlerSlice<Methods> {
  return {
    'mcp.elicitation.pending': async () => requests?.pendingElicitations() ?? [],
    'mcp.elicitation.respond': async ({ requestId, action, content }) => {
      if (!requests?.respondElicitation(requestId, action, content)) throw gone(requestId);
      return { ok: true };
    },
    'mcp.sampling.pending': async () => requests?.pendingSamplings() ?? [],
    'mcp.sampling.respond': async ({ requestId, decision, messages, systemPrompt, maxTokens, model }) => {
      const edits: SamplingEdits = {
        messages: messages as SamplingEdits['messages'],
        systemPrompt,
        maxTokens,
        model,
      };
      if (!requests?.respondSampling(requestId, decision, edits)) throw gone(requestId);
      return { ok: true };
    },
  };
}
