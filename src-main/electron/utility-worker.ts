import { utilityProcess } from 'electron';
import { processCpuMs } from '../engine/workers/cpu-time';
import { workerProcessEnd, type ProcessLauncher, type WorkerEnd } from '../engine/workers/spawn';

/**
 * Worker processes inside the desktop app: Electron's utilityProcess, since the packaged app's
 * RunAsNode fuse is off (forking process.execPath would start a second app). The worker side is
 * the same `serveWorker` (it answers on `process.parentPort`).
 */
export const utilityProcessLauncher: ProcessLauncher = {
  kind: 'utility-process',
  launch(path, { execArgv, env }) {
    const child = utilityProcess.fork(path, [], {
      env,
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe'],
      serviceName: 'Agent Factory worker',
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer | string) => {
      stderr = (stderr + chunk.toString()).slice(-8192);
    });
    let fatal = '';
    child.on('error', (type, location) => {
      fatal = `${type} ${location}`;
    });
    let alive = true;
    let ended = false;
    const exited = new Promise<void>((done) =>
      child.once('exit', () => {
        alive = false;
        done();
      }),
    );
    return {
      post: (message) => {
        if (alive) child.postMessage(message);
      },
      onMessage: (listener) => void child.on('message', listener),
      onEnd(listener: (end: WorkerEnd) => void) {
        child.once('exit', (code) => {
          if (ended) return;
          ended = true;
          listener(workerProcessEnd(`${stderr}\n${fatal}`, `code ${code}`));
        });
      },
      terminate: async () => {
        ended = true;
        if (alive) {
          // kill() is SIGTERM; a worker past its time limit may not listen: end it for sure.
          try {
            if (child.pid === undefined) child.kill();
            else process.kill(child.pid, 'SIGKILL');
          } catch {
            child.kill();
          }
        }
        await exited;
      },
      get pid() {
        return child.pid;
      },
      cpuTimeMs: () => (child.pid === undefined ? undefined : processCpuMs(child.pid)),
      // A utility process does not keep the app alive; the app ends it on quit.
      ref: () => undefined,
    };
  },
};
