import { useState, type KeyboardEvent } from 'react';
import { cx } from './cx';
import { XIcon } from './icons';

export interface TagInputProps {
  id: string;
  tags: string[];
  onChange: (tags: string[]) => void;
  /** Extra input attributes such as aria-describedby. */
  inputProps?: Record<string, unknown>;
  placeholder?: string;
}

/** Splits typed text into tags on Enter, comma or blur; trims and drops duplicates. */
export function addTags(tags: readonly string[], text: string): string[] {
  const next = [...tags];
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag && !next.includes(tag)) next.push(tag);
  }
  return next;
}

/** Tags as removable chips with a text box: Enter or comma adds, Backspace on an empty box removes the last. */
export function TagInput({ id, tags, onChange, inputProps, placeholder }: TagInputProps) {
  const [text, setText] = useState('');

  const commit = () => {
    if (!text.trim()) return;
    onChange(addTags(tags, text));
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && !text && tags.length) {
      onChange(tags.slice(0, -1));
    }
  };

  return (
    <div
      className={cx(
        'flex min-h-8 flex-wrap items-center gap-1 rounded-md border border-zinc-300 bg-white px-1.5 py-1',
        'focus-within:border-indigo-500 focus-within:outline-2 focus-within:outline-indigo-500/30',
        'dark:border-zinc-700 dark:bg-zinc-900',
      )}
    >
      {tags.map((tag) => (
        <span
          key={tag}
          className="inline-flex items-center gap-1 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"
        >
          {tag}
          <button
            type="button"
            aria-label={`Remove tag ${tag}`}
            onClick={() => onChange(tags.filter((t) => t !== tag))}
            className="rounded text-zinc-400 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-zinc-100"
          >
            <XIcon width={12} height={12} />
          </button>
        </span>
      ))}
      <input
        id={id}
        value={text}
        onChange={(event) => {
          const value = event.target.value;
          if (value.includes(',')) {
            onChange(addTags(tags, value));
            setText('');
          } else setText(value);
        }}
        onKeyDown={onKeyDown}
        onBlur={commit}
        placeholder={tags.length ? '' : placeholder}
        className="min-w-24 flex-1 bg-transparent px-1 text-[13px] text-zinc-900 outline-none placeholder:text-zinc-400 dark:text-zinc-100"
        {...inputProps}
      />
    </div>
  );
}
