import type { KnowledgeBase } from '@shared/api/knowledge';
import { href } from '../../app/route';
import { cx } from '../../ui/cx';
import { embedderLabel, plural, storeLabels } from './format';

/** The knowledge bases with their store, embedder and counts. */
export function KbList({
  kbs,
  selectedId,
}: {
  kbs: readonly KnowledgeBase[];
  selectedId: string | undefined;
}) {
  return (
    <ul aria-label="Knowledge bases" className="space-y-px p-1.5">
      {kbs.map((kb) => {
        const selected = kb.id === selectedId;
        return (
          <li key={kb.id} data-testid="kb-item" data-kb-id={kb.id}>
            <a
              href={href('knowledge', kb.id)}
              aria-current={selected ? 'true' : undefined}
              className={cx(
                'block rounded-md px-2.5 py-2 focus-visible:outline-2 focus-visible:outline-indigo-500',
                selected
                  ? 'bg-indigo-50 dark:bg-indigo-500/15'
                  : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60',
              )}
            >
              <div className="flex items-baseline justify-between gap-2">
                <span className="truncate text-[13px] font-medium text-zinc-900 dark:text-zinc-100">
                  {kb.name}
                </span>
                <span className="shrink-0 rounded border border-zinc-200 px-1 text-[11px] text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
                  {storeLabels[kb.storeKind]}
                </span>
              </div>
              <div className="mt-0.5 flex items-baseline justify-between gap-2 text-xs text-zinc-500 dark:text-zinc-400">
                <span className="truncate font-mono text-[11px]">{embedderLabel(kb.embedder)}</span>
                <span className="shrink-0 tabular-nums" data-testid="kb-counts">
                  {plural(kb.counts.documents, 'doc')} · {plural(kb.counts.chunks, 'chunk')}
                </span>
              </div>
              {kb.counts.failed ? (
                <p className="mt-0.5 text-xs text-red-600 dark:text-red-400">
                  {plural(kb.counts.failed, 'document')} failed
                </p>
              ) : null}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
