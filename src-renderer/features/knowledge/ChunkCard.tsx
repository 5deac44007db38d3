import type { ReactNode } from 'react';
import type { KbChunk } from '@shared/api/knowledge';
import { cx } from '../../ui/cx';
import { chunkLocation } from './format';

/** Where a chunk sits (pages, heading path, offsets), as one muted line. */
export function ChunkLocation({ chunk, className }: { chunk: KbChunk; className?: string }) {
  return (
    <span
      className={cx('text-[11px] text-zinc-500 dark:text-zinc-400', className)}
      data-testid="chunk-location"
    >
      {chunkLocation(chunk).join(' · ')}
    </span>
  );
}

/** A chunk's text: monospaced for code, wrapped prose otherwise. */
export function ChunkText({ chunk, clamp }: { chunk: KbChunk; clamp?: boolean }) {
  return (
    <p
      className={cx(
        'text-[13px] leading-5 break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200',
        chunk.kind === 'code' && 'font-mono text-xs',
        clamp && 'line-clamp-4',
      )}
    >
      {chunk.text}
    </p>
  );
}

/** One chunk of a document with its place and size; `selected` rings it (a citation opened it). */
export function ChunkCard({
  chunk,
  selected,
  header,
  id,
}: {
  chunk: KbChunk;
  selected?: boolean;
  /** Extra content at the right of the header (a link). */
  header?: ReactNode;
  id?: string;
}) {
  return (
    <article
      id={id}
      aria-label={`Chunk ${chunk.index + 1}`}
      aria-current={selected ? 'true' : undefined}
      data-testid="chunk"
      data-chunk-index={chunk.index}
      className={cx(
        'scroll-mt-4 rounded-md border px-3 py-2',
        selected
          ? 'border-indigo-500 bg-indigo-50/50 ring-2 ring-indigo-500/30 dark:bg-indigo-500/10'
          : 'border-zinc-200 dark:border-zinc-800',
      )}
    >
      <header className="mb-1 flex items-baseline justify-between gap-2">
        <div className="flex min-w-0 items-baseline gap-2">
          <span className="shrink-0 font-mono text-[11px] font-medium text-zinc-600 dark:text-zinc-300">
            #{chunk.index + 1}
          </span>
          <ChunkLocation chunk={chunk} className="truncate" />
        </div>
        <div className="flex shrink-0 items-baseline gap-2 text-[11px] text-zinc-500 tabular-nums">
          {chunk.kind === 'code' ? (
            <span>code{chunk.language ? ` · ${chunk.language}` : ''}</span>
          ) : null}
          <span>{chunk.tokenCount} tokens</span>
          {header}
        </div>
      </header>
      <ChunkText chunk={chunk} />
    </article>
  );
}
