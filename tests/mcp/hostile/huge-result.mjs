// Returns results of the size asked for (in MB), written as one JSON-RPC line like real servers do.
import { serve, tool } from './rpc.mjs';

serve(
  {
    'tools/call': async (params) => {
      const mb = Number(params.arguments?.mb ?? 1);
      return { content: [{ type: 'text', text: 'x'.repeat(Math.round(mb * 1024 * 1024)) }] };
    },
  },
  {
    tools: [
      tool('big', 'Returns mb megabytes of text', {
        type: 'object',
        properties: { mb: { type: 'number' } },
      }),
    ],
  },
);
