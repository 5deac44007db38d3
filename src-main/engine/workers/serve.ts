import { parentPort, type Transferable } from 'node:worker_threads';
import { isAppError } from '@shared/errors';
import { WorkerRequest, type WorkerErrorShape, type WorkerProgress, type WorkerResponse } from './protocol';

export { workerInput } from './input';

export interface HandlerResult {
  result: unknown;
  /** Buffers to move instead of copy (threads only). */
  transfer?: Transferable[];
}

function toErrorShape(error: unknown): WorkerErrorShape {
  if (isAppError(error)) {
    const reason = (error as { reason?: unknown }).reason;
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(typeof reason === 'string' ? { reason } : {}),
    };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

type WorkerMessage = WorkerResponse | WorkerProgress;

/** Electron's utilityProcess gives its child `process.parentPort` (messages arrive as `{ data }`). */
interface UtilityParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/**
 * Runs inside a worker (thread, child process or Electron utility process): answers each request
 * from the host with the handler's result or a serialisable error. Requests are handled one at a time.
 */
export function serveWorker(handler: (payload: unknown, report: (phase: string) => void) => Promise<HandlerResult>): void {
  const port = parentPort;
  const utility = (process as { parentPort?: UtilityParentPort | null }).parentPort ?? undefined;
  const send = port
    ? (message: WorkerMessage, transfer: Transferable[]) => port.postMessage(message, transfer)
    : utility
      ? (message: WorkerMessage) => utility.postMessage(message)
      : process.send
        ? (message: WorkerMessage) => void process.send?.(message)
        : undefined;
  if (!send) throw new Error('serveWorker must run in a worker thread, a forked child process or a utility process');
  const listen = (fn: (message: unknown) => void) =>
    port ? port.on('message', fn) : utility ? utility.on('message', (event) => fn(event.data)) : process.on('message', fn);
  // A child process whose host went away has nothing left to do (a utility process ends with the app).
  if (!port && !utility) process.on('disconnect', () => process.exit(0));

  let queue: Promise<void> = Promise.resolve();
  listen((message: unknown) => {
    const request = WorkerRequest.safeParse(message);
    if (!request.success) return;
    const { id, payload } = request.data;
    queue = queue.then(async () => {
      let response: WorkerResponse;
      let transfer: Transferable[] = [];
      try {
        // Tells the host the task entered another phase (its limits may change with it).
        const report = (phase: string) => send({ id, phase }, []);
        const out = await handler(payload, report);
        response = { id, ok: true, result: out.result };
        transfer = out.transfer ?? [];
      } catch (error) {
        response = { id, ok: false, error: toErrorShape(error) };
      }
      send(response, transfer);
    });
  });
}
