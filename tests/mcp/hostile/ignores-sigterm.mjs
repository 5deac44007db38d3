// Ignores stdin closing and SIGTERM, and forks a grandchild that ignores them too.
import { spawn } from 'node:child_process';
import { serve, tool } from './rpc.mjs';

process.on('SIGTERM', () => process.stderr.write('ignoring SIGTERM\n'));
const child = spawn(
  process.execPath,
  ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);"],
  {
    stdio: 'ignore',
  },
);
serve(
  {
    'tools/call': async () => ({
      content: [{ type: 'text', text: JSON.stringify({ pid: process.pid, child: child.pid }) }],
    }),
  },
  { tools: [tool('pids')], keepAlive: true },
);
setInterval(() => {}, 1000);
