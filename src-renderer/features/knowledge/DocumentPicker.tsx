import { useMemo, useState } from 'react';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { inputClass } from '../../ui/Field';
import { fileName } from './format';

/** Chooses documents to search in (none chosen: all), from a filterable checklist. */
export function DocumentPicker({
  kb,
  id,
  selected,
  onChange,
}: {
  kb: KnowledgeBase;
  id: string;
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const docs = useLoader(
    () =>
      open
        ? api.call('kb.documents', { kbId: kb.id, status: 'ready', limit: 1000 })
        : Promise.resolve(undefined),
    [api, kb.id, open],
  );
  const q = text.trim().toLowerCase();
  const list = useMemo(
    () =>
      (docs.data?.documents ?? []).filter(
        (d) => !q || d.title.toLowerCase().includes(q) || d.path.toLowerCase().includes(q),
      ),
    [docs.data, q],
  );
  const toggle = (docId: string) =>
    onChange(selected.includes(docId) ? selected.filter((s) => s !== docId) : [...selected, docId]);

  return (
    <details
      className="rounded-md border border-zinc-300 dark:border-zinc-700"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary
        id={id}
        className="flex h-[30px] cursor-pointer items-center px-2.5 text-[13px] text-zinc-800 select-none dark:text-zinc-200"
      >
        {selected.length
          ? `${selected.length} document${selected.length === 1 ? '' : 's'}`
          : 'All documents'}
      </summary>
      <div className="space-y-1.5 border-t border-zinc-200 p-2 dark:border-zinc-800">
        <input
          type="search"
          aria-label="Filter documents to search in"
          className={`${inputClass} h-7 py-0 text-xs`}
          placeholder="Filter"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {docs.error ? <p className="text-xs text-red-600">{docs.error.message}</p> : null}
        <ul className="max-h-48 space-y-0.5 overflow-y-auto">
          {list.map((doc) => (
            <li key={doc.id}>
              <label className="flex items-center gap-2 rounded px-1 py-0.5 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800">
                <input
                  type="checkbox"
                  className="accent-indigo-600"
                  checked={selected.includes(doc.id)}
                  onChange={() => toggle(doc.id)}
                />
                <span className="truncate" title={doc.path}>
                  {doc.title || fileName(doc.path)}
                </span>
              </label>
            </li>
          ))}
          {docs.data && !list.length ? (
            <li className="px-1 text-xs text-zinc-500">No ready documents.</li>
          ) : null}
        </ul>
        {selected.length ? (
          <button
            type="button"
            className="text-xs text-indigo-600 hover:underline dark:text-indigo-300"
            onClick={() => onChange([])}
          >
            Clear (search all)
          </button>
        ) : null}
      </div>
    </details>
  );
}
