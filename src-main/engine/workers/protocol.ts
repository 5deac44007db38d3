import { z } from 'zod';
import { ErrorCode } from '@shared/errors';

/** What the host sends a worker. */
export const WorkerRequest = z.object({ id: z.number().int(), payload: z.unknown() });
export type WorkerRequest = z.infer<typeof WorkerRequest>;

/** An error as it crosses the thread boundary; `reason` is set for document parse failures. */
export const WorkerErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  hint: z.string().optional(),
  reason: z.string().optional(),
});
export type WorkerErrorShape = z.infer<typeof WorkerErrorShape>;

/** What a worker answers. */
export const WorkerResponse = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: WorkerErrorShape }),
]);
export type WorkerResponse = z.infer<typeof WorkerResponse>;

/** A worker's word between request and answer: it entered another phase of the task (e.g. chunking). */
export const WorkerProgress = z.object({ id: z.number().int(), phase: z.string().min(1).max(40) });
export type WorkerProgress = z.infer<typeof WorkerProgress>;
