// One tool whose description is read from the file named by the first argument at each tools/list:
// a definition that changes between runs of the server.
import { readFileSync } from 'node:fs';
import { serve, tool } from './rpc.mjs';

const file = process.argv[2];
serve(
  { 'tools/call': async () => ({ content: [{ type: 'text', text: 'sunny' }] }) },
  { tools: () => [tool('weather', readFileSync(file, 'utf8').trim())] },
);
