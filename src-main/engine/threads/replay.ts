import type { AttachmentRef } from '@shared/entities/attachment';
import { isFinalRunStatus, type Run } from '@shared/entities/run';
import { currentTurns } from '@shared/entities/thread';
import { AppError } from '@shared/errors';
import { attachmentsOfRun } from '../attachments/replay';
import type { RunService } from '../runtime/service';
import type { ThreadService } from './service';

export interface ReplayOptions {
  maxSteps?: number;
  timeoutMs?: number;
}

/**
 * Runs a thread's last turn again — with the same message (regenerate) or a new one (edit and
 * resend). The last turn's exchange leaves the thread's history; the new run is marked as
 * replacing it (`replacesRunId`) and answers in its place. The replaced run and its trace stay.
 * The message's attached files go again (found from the replaced run's trace): images to the model
 * as images, small texts in the message; those in the thread's knowledge base are not ingested again.
 */
export async function replayLastTurn(
  deps: { threads: ThreadService; runs: RunService },
  threadRef: string,
  input: string | undefined,
  options: ReplayOptions = {},
  /** The files of the edited message; without them, those of the message it replaces. */
  newAttachments?: AttachmentRef[],
): Promise<Run> {
  const thread = await deps.threads.get(threadRef);
  const last = currentTurns(await deps.threads.repo.runs(thread.id)).at(-1);
  if (!last) {
    throw new AppError('CONFLICT', `Thread "${thread.title}" has no message to ${input === undefined ? 'regenerate' : 'edit'} yet.`, {
      hint: 'Send a message first.',
    });
  }
  const current = await deps.runs.get(last.id);
  if (!isFinalRunStatus(current.status)) {
    throw new AppError('CONFLICT', 'The last message is still being answered.', { hint: 'Stop the run first, or wait for its answer.' });
  }
  const attachments = newAttachments ?? attachmentsOfRun(last.id, (await deps.runs.trace(last.id, false)).events);
  return deps.runs.start(thread.agentId, input ?? last.input, {
    ...options,
    threadId: thread.id,
    replacesRunId: last.id,
    ...(attachments.length ? { attachments } : {}),
  });
}
