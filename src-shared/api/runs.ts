import { z } from 'zod';
import { Id } from '../entities/agent';
import { AttachmentRef, MAX_ATTACHMENTS_PER_RUN } from '../entities/attachment';
import { ApprovalDecision, Run, RunMessage, RunStatus, Trace, TraceEvent } from '../entities/run';
import { method } from './define';

const RunRef = z.object({ runId: Id }).strict();

export const RunOptions = z
  .object({
    /** Most model calls in this run (default 10). */
    maxSteps: z.number().int().min(1).max(100).optional(),
    /** The run fails with TIMEOUT after this long (default 10 minutes). */
    timeoutMs: z.number().int().min(1000).max(24 * 3600_000).optional(),
    /** Continue the thread's conversation (default true): earlier turns go to the model, this one is kept. */
    history: z.boolean().optional(),
    /** The thread to continue (an id or a unique prefix). Without it, the run starts a new thread. */
    threadId: Id.optional(),
    /** Start a new thread (the default when no threadId is given). */
    newThread: z.boolean().optional(),
  })
  .strict()
  .refine((o) => !(o.threadId && o.newThread), { message: 'Give either threadId or newThread, not both', path: ['newThread'] });
export type RunOptions = z.infer<typeof RunOptions>;

export const runMethods = {
  /** Starts a run and answers at once; follow it with `run.event` / `run.status`. */
  'runs.start': method(
    z
      .object({
        /** Agent id or name. */
        agent: z.string().min(1).max(200),
        input: z.string().trim().min(1, 'Say what the agent should do').max(100_000),
        options: RunOptions.default({}),
        /** Files for this message: uploaded ones (`attachments.upload.*`) or paths the engine reads. */
        attachments: z.array(AttachmentRef).max(MAX_ATTACHMENTS_PER_RUN, `At most ${MAX_ATTACHMENTS_PER_RUN} files per message`).optional(),
      })
      .strict(),
    Run,
  ),
  /** Stops a run (and the runs it delegated to); it ends as `cancelled`. */
  'runs.cancel': method(RunRef, Run),
  /** Answers a pending tool-call approval. */
  'runs.approve': method(z.object({ runId: Id, callId: z.string().min(1), decision: ApprovalDecision }).strict(), Run),
  'runs.get': method(RunRef, Run),
  'runs.list': method(
    z
      .object({
        /** Agent id (or name). */
        agentId: z.string().min(1).max(200).optional(),
        status: RunStatus.optional(),
        /** A run id: the runs it delegated to. Null: top-level runs only. Absent: all. */
        parentRunId: Id.nullable().optional(),
        limit: z.number().int().min(1).max(500).default(50),
        /** Only runs created before this ISO time (paging). */
        before: z.iso.datetime({ offset: true }).optional(),
      })
      .strict()
      .default({ limit: 50 }),
    z.array(Run),
  ),
  /** The run's trace, with the runs it delegated to (nested by parentRunId) unless includeChildren is false. */
  'runs.trace': method(z.object({ runId: Id, includeChildren: z.boolean().default(true) }).strict(), Trace),
  /** The messages exchanged with the model, in order. */
  'runs.messages': method(RunRef, z.array(RunMessage)),
  /** The built-in tools an agent can select (`{ kind: 'builtin', name }`). */
  'runs.builtinTools': method(
    z.object({}).strict().default({}),
    z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        approval: z.enum(['auto', 'ask']),
        inputSchema: z.record(z.string(), z.unknown()),
      }),
    ),
  ),
};

export const runEvents = {
  /** Every trace event of every run, live; the same objects `runs.trace` reads back. */
  'run.event': TraceEvent,
  /** A run's record whenever its status, pending approvals or totals change. */
  'run.status': Run,
};
