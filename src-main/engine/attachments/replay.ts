import type { TraceEvent } from '@shared/entities/run';
import type { MessageAttachment } from './service';

/**
 * The attachments of a run's message, from its trace (`attachments.added`, in order), to send with
 * the message again (regenerate, edit): images and small texts by the ref that named them, files of
 * the thread's knowledge base as kept there. Files of traces older than refs cannot be found again
 * and are left out, except those in the knowledge base.
 */
export function attachmentsOfRun(runId: string, events: readonly TraceEvent[]): MessageAttachment[] {
  const out: MessageAttachment[] = [];
  for (const e of events) {
    if (e.type !== 'attachments.added' || e.runId !== runId) continue;
    if (e.kind === 'knowledge' && e.kbId) out.push({ kept: { name: e.name, bytes: e.bytes, kbId: e.kbId, ...(e.ref ? { ref: e.ref } : {}) } });
    else if (e.ref) out.push(e.ref);
  }
  return out;
}
