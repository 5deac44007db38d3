import type { Run, TraceEvent } from '@shared/entities/run';
import { chunkRoute, navigate } from '../../app/route';
import { formatMs } from '../../ui/format';
import type { Citation } from '../../ui/Markdown';
import { formatTokens } from './format';
import { groupRunEvents, type DelegationEntry, type ToolEntry } from './trace-model';
import { attachmentKindLabel } from './attachment-labels';

/** What the chat view shows of a run, in order. */
export type ChatItem =
  | { kind: 'text'; key: string; text: string; streaming: boolean }
  | { kind: 'tool'; key: string; entry: ToolEntry }
  | { kind: 'delegation'; key: string; entry: DelegationEntry }
  | { kind: 'note'; key: string; tone: 'info' | 'warning' | 'error'; text: string; hint?: string };

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${formatTokens(n)} ${n === 1 ? one : many}`;

/**
 * The conversation of one run: the streamed text of each step, its tool calls (a delegated task
 * as one item), and short notes for memories, retries and errors. The run's own final error is
 * left to the status line.
 */
export function chatItems(events: readonly TraceEvent[], run: Run | undefined): ChatItem[] {
  const entries = groupRunEvents(events);
  const delegatedCalls = new Set(
    entries.flatMap((e) => (e.kind === 'delegation' ? [e.started.callId] : [])),
  );
  const items: ChatItem[] = [];
  for (const entry of entries) {
    switch (entry.kind) {
      case 'text':
        if (entry.text)
          items.push({ kind: 'text', key: entry.key, text: entry.text, streaming: !entry.done });
        break;
      case 'tool':
        if (!delegatedCalls.has(entry.callId)) items.push({ kind: 'tool', key: entry.key, entry });
        break;
      case 'delegation':
        items.push({ kind: 'delegation', key: entry.key, entry });
        break;
      case 'model':
        break;
      case 'event': {
        const e = entry.event;
        const note = (tone: 'info' | 'warning' | 'error', text: string, hint?: string) =>
          items.push({ kind: 'note', key: entry.key, tone, text, ...(hint ? { hint } : {}) });
        if (e.type === 'memory.recalled') {
          note('info', `Recalled ${plural(e.items.length, 'memory', 'memories')}`);
        } else if (e.type === 'memory.stored') {
          note('info', `Remembered: ${e.text}`);
        } else if (e.type === 'memory.summarised') {
          note(
            'info',
            `Summarised ${plural(e.turns, 'earlier turn')} (${e.tokensBefore} → ${e.tokensAfter} tokens)`,
          );
        } else if (e.type === 'attachments.added') {
          note(e.warning ? 'warning' : 'info', `Attached ${e.name} (${attachmentKindLabel(e.kind)})`, e.warning);
        } else if (e.type === 'model.retry') {
          note(
            'warning',
            `The model provider failed (${e.status ? `HTTP ${e.status}, ` : ''}${e.code}); retrying in ${formatMs(e.delayMs)} (attempt ${e.attempt}).`,
          );
        } else if (e.type === 'error' && e.error.message !== run?.error?.message) {
          note('error', e.error.message, e.error.hint);
        }
      }
    }
  }
  if (!items.some((i) => i.kind === 'text') && run?.output) {
    items.push({ kind: 'text', key: `output:${run.id}`, text: run.output, streaming: false });
  }
  return items;
}

/**
 * The sources an answer may cite as [n]: the passages the run's automatic retrieval put in its
 * context (the last retrieval of the run), each opening its exact chunk.
 */
export function runCitations(events: readonly TraceEvent[]): Citation[] {
  const retrieved = events.findLast((e) => e.type === 'knowledge.retrieved');
  if (retrieved?.type !== 'knowledge.retrieved') return [];
  return retrieved.passages.map((p) => ({
    n: p.n,
    label: `${p.title}${p.page ? `, p. ${p.page}` : ''} (${p.kbName})`,
    onOpen: () => navigate(...chunkRoute(p.kbId, p.documentId, p.chunkIndex)),
  }));
}
