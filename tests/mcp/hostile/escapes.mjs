// A server whose descendants try to outlive it. Every process here ignores SIGTERM.
//   --setsid        a grandchild in a new session (and so a new process group): out of the group kill
//   --double-fork   a child that starts a grandchild and exits at once: the grandchild is reparented
//   --ignore-all    the server ignores stdin closing and SIGTERM
//   --exit-after N  the server exits N ms after starting, leaving its descendants behind
// Tool `pids`: {"pid": <server>, "descendants": [<pids>]} once every descendant runs.
import { spawn } from 'node:child_process';
import { serve, tool } from './rpc.mjs';

const args = process.argv.slice(2);
const has = (flag) => args.includes(flag);
const STUBBORN = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);";

process.on('SIGTERM', () => process.stderr.write('ignoring SIGTERM\n'));
process.stderr.write(`started ${process.pid}\n`);

const descendants = [];
const started = [];
if (has('--setsid')) {
  const child = spawn(process.execPath, ['-e', STUBBORN], { detached: true, stdio: 'ignore' });
  child.unref();
  descendants.push(child.pid);
}
if (has('--double-fork')) {
  const middle = spawn(
    process.execPath,
    [
      '-e',
      `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(STUBBORN)}], { stdio: 'ignore' });
       c.unref(); process.stdout.write(String(c.pid)); process.exit(0);`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  started.push(
    new Promise((resolve) => {
      let out = '';
      middle.stdout.on('data', (d) => (out += d));
      middle.once('exit', () => {
        descendants.push(Number(out));
        resolve();
      });
    }),
  );
}
const exitAfter = args.indexOf('--exit-after');
if (exitAfter >= 0) setTimeout(() => process.exit(5), Number(args[exitAfter + 1]));

serve(
  {
    'tools/call': async () => {
      await Promise.all(started);
      return {
        content: [{ type: 'text', text: JSON.stringify({ pid: process.pid, descendants }) }],
      };
    },
  },
  { tools: [tool('pids')], keepAlive: has('--ignore-all') },
);
if (has('--ignore-all')) setInterval(() => {}, 1000);
