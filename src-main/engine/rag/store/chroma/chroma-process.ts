// Entry of the local Chroma server's process, started like every worker process (a forked Node, or
// Electron's utilityProcess in the desktop app, whose RunAsNode fuse is off). chromadb's CLI
// (`binding.cli([...])`) blocks its thread, so it runs on a worker thread and this main thread stays
// free to notice the engine going away: a forked child's IPC channel closes when the engine exits or
// is killed outright, and a utility process ends with the app.
import { Worker } from 'node:worker_threads';
import { workerInput } from '../../../workers/serve';

const input = workerInput() as { from: string; binding: string; argv: string[] };
const die = () => process.kill(process.pid, 'SIGKILL');
const worker = new Worker(
  "const { workerData } = require('node:worker_threads');" +
    "const { createRequire } = require('node:module');" +
    'createRequire(workerData.from)(workerData.binding).cli(workerData.argv);',
  { eval: true, workerData: input },
);
worker.on('error', (error) => {
  process.stderr.write(`chroma failed: ${error.message}\n`);
  die();
});
worker.on('exit', die);
process.on('disconnect', die);
