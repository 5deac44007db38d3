import { parentPort, workerData } from 'node:worker_threads';
import { WORKER_DATA_ENV } from './spawn';

/**
 * The `data` the host passed to `spawnWorker` (thread, child or utility process). Apart from
 * serve.ts so that a worker that only reads its input (the PGlite thread) loads nothing else.
 */
export function workerInput(): unknown {
  if (parentPort) return (workerData as { data?: unknown } | null)?.data;
  const raw = process.env[WORKER_DATA_ENV];
  return raw ? (JSON.parse(raw) as unknown) : undefined;
}
