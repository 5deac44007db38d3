// Answers the handshake, then never answers a tool call (with --silent, nothing at all; with
// --deaf, no ping either).
import { NO_REPLY, serve, tool } from './rpc.mjs';

const silent = process.argv.includes('--silent');
const deaf = process.argv.includes('--deaf');
serve(
  {
    ...(silent ? { initialize: async () => NO_REPLY } : {}),
    ...(deaf ? { ping: async () => NO_REPLY } : {}),
    'tools/call': async () => NO_REPLY,
    'notifications/cancelled': (params) =>
      process.stderr.write(`cancelled request ${params.requestId}: ${params.reason}\n`),
  },
  { tools: [tool('wait')] },
);
