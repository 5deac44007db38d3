import { AppError } from '@shared/errors';

/** How worker processes (document parsing, local embedding) start. */
export type WorkerKind = 'child-process' | 'utility-process';

export interface WorkerRuntime {
  /** The engine runs in Electron's main process (the desktop app), not in Node (CLI, serve, tests). */
  isElectron: boolean;
  /**
   * Whether Electron's RunAsNode fuse is on (ELECTRON_RUN_AS_NODE respected). The packaged app turns it
   * off (electron-builder.yml), so forking `process.execPath` there would start a second app.
   */
  runAsNodeFuse: boolean;
  /** The shell gave the engine a utilityProcess launcher. */
  utilityProcessAvailable: boolean;
}

/**
 * Node forks a child Node process. Electron starts a utilityProcess whenever the shell provides one,
 * in development too, so that the path the packaged app takes is the one used every day; a plain
 * fork (the Electron binary as Node) is only possible while the RunAsNode fuse is on.
 */
export function chooseWorkerKind(runtime: WorkerRuntime): WorkerKind {
  if (!runtime.isElectron) return 'child-process';
  if (runtime.utilityProcessAvailable) return 'utility-process';
  if (runtime.runAsNodeFuse) return 'child-process';
  throw new AppError('INTERNAL', 'Worker processes cannot start: Electron’s RunAsNode fuse is off and no utilityProcess launcher was given.', {
    hint: 'The desktop shell must pass its utilityProcess launcher to createEngine (workerProcesses.utilityProcess).',
  });
}
