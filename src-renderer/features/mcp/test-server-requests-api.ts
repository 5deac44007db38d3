import type { MethodOutput, ParsedInput } from '@shared/api/index';
import type { McpElicitationRequest, McpSamplingRequest } from '@shared/entities/mcp-server-requests';
import { AppError } from '@shared/errors';

type RequestMethod =
  | 'mcp.servers.signIn'
  | 'mcp.servers.signOut'
  | 'mcp.servers.setOAuthClient'
  | 'mcp.elicitation.pending'
  | 'mcp.elicitation.respond'
  | 'mcp.sampling.pending'
  | 'mcp.sampling.respond';
export type ServerRequestHandlers = { [M in RequestMethod]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };

/** Sign-in, sampling and elicitation of the in-memory API: pending requests tests put in, answers they read. */
export function serverRequestHandlers(host: {
  elicitations: McpElicitationRequest[];
  samplings: McpSamplingRequest[];
  answers: Array<{ requestId: string } & Record<string, unknown>>;
}): ServerRequestHandlers {
  const take = <T extends { id: string }>(list: T[], id: string) => {
    const at = list.findIndex((r) => r.id === id);
    if (at < 0) throw new AppError('NOT_FOUND', `No server request "${id}" is waiting.`);
    list.splice(at, 1);
  };
  return {
    'mcp.servers.signIn': async ({ id }) => ({ url: `https://auth.example/authorize?server=${id}`, signedIn: false }),
    'mcp.servers.signOut': async () => ({ ok: true }),
    'mcp.servers.setOAuthClient': async () => ({ ok: true }),
    'mcp.elicitation.pending': async () => [...host.elicitations],
    'mcp.elicitation.respond': async (input) => {
      take(host.elicitations, input.requestId);
      host.answers.push({ ...input });
      return { ok: true };
    },
    'mcp.sampling.pending': async () => [...host.samplings],
    'mcp.sampling.respond': async (input) => {
      take(host.samplings, input.requestId);
      host.answers.push({ ...input });
      return { ok: true };
    },
  };
}
