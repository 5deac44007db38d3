import { useState, type FormEvent } from 'react';
import type { KnowledgeBase } from '@shared/api/knowledge';
import { MAX_UPLOAD_FILES } from '@shared/api/upload';
import { useAction } from '../../api/use-action';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import type { PickedFile } from '../../ui/drop-files';
import { DropZone } from '../../ui/DropZone';
import { inputClass } from '../../ui/Field';
import { TagInput } from '../../ui/TagInput';
import { isAbsolutePath } from '../../ui/paths';
import { FailureNote } from './FailureNote';
import { formatBytes, plural } from './format';
import { useIngest } from './ingest-store';
import { batches, desktopPathOf, parsePathList, sortPicked, type PathOf } from './send-files';

const formats = 'PDF, Word, Markdown, HTML, text, CSV, JSON and source code';

/** Adds documents: drop or choose files and folders, or type paths the engine can read. */
export function AddFiles({ kb, pathOf = desktopPathOf }: { kb: KnowledgeBase; pathOf?: PathOf }) {
  const ingest = useIngest((s) => s.ingest);
  const upload = useIngest((s) => s.upload);
  const reject = useIngest((s) => s.reject);
  const clearRejected = useIngest((s) => s.clearRejected);
  const rejected = useIngest((s) => s.rejected[kb.id]);
  const [tags, setTags] = useState<string[]>([]);
  const [pathText, setPathText] = useState('');
  const { busy, error, setError, run } = useAction();

  const send = (paths: string[]) =>
    run(async () => {
      for (const batch of batches(paths)) await ingest(kb.id, batch, tags);
    });

  const onFiles = (files: PickedFile[]) => {
    const sorted = sortPicked(files, pathOf);
    if (sorted.rejected.length) reject(kb.id, sorted.rejected);
    if (sorted.paths.length) void send(sorted.paths);
    // A browser cannot give paths: the files' bytes go through the API.
    for (const batch of batches(sorted.uploads, MAX_UPLOAD_FILES)) void upload(kb.id, batch, tags);
  };

  const onSubmitPaths = async (event: FormEvent) => {
    event.preventDefault();
    const paths = parsePathList(pathText);
    const relative = paths.filter((p) => !isAbsolutePath(p));
    if (!paths.length) return setError('Type the full path of a file or folder on the server.');
    if (relative.length)
      return setError(`“${relative[0]}” is not a full path: start it at the root (/ or C:\\).`);
    if (await send(paths)) setPathText('');
  };

  return (
    <section aria-label="Add documents" className="space-y-3">
      <DropZone
        label={`Add documents to ${kb.name}`}
        onFiles={onFiles}
        hint={`${formats}. Folders are added with everything in them.`}
        disabled={busy}
      />
      <div className="grid gap-3 md:grid-cols-[1fr_16rem]">
        <form onSubmit={onSubmitPaths} className="min-w-0 space-y-1" aria-label="Add by path">
          <label
            htmlFor="kb-add-paths"
            className="block text-xs font-medium text-zinc-700 dark:text-zinc-300"
          >
            Or add by path on the server
          </label>
          <div className="flex items-start gap-2">
            <textarea
              id="kb-add-paths"
              rows={1}
              className={`${inputClass} font-mono text-xs`}
              placeholder="/home/me/notes  (one file or folder per line)"
              spellCheck={false}
              value={pathText}
              onChange={(e) => setPathText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
            />
            <Button type="submit" disabled={busy || !pathText.trim()}>
              {busy ? 'Adding…' : 'Add'}
            </Button>
          </div>
        </form>
        <div className="min-w-0 space-y-1">
          <label
            htmlFor="kb-add-tags"
            className="block text-xs font-medium text-zinc-700 dark:text-zinc-300"
          >
            Tags for added documents
          </label>
          <TagInput id="kb-add-tags" tags={tags} onChange={setTags} placeholder="optional" />
        </div>
      </div>
      {error ? <Banner tone="error">{error}</Banner> : null}
      {rejected?.length ? (
        <div
          className="rounded-md border border-amber-300 dark:border-amber-900"
          data-testid="rejected-files"
        >
          <div className="flex items-center justify-between gap-2 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
            <span>{plural(rejected.length, 'file')} could not be sent</span>
            <Button variant="ghost" onClick={() => clearRejected(kb.id)}>
              Dismiss
            </Button>
          </div>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rejected.map((file, i) => (
              <li
                key={`${file.relativePath}:${i}`}
                className="px-3 py-1.5"
                data-testid="rejected-file"
              >
                <div className="flex items-baseline justify-between gap-2">
                  <span className="truncate font-mono text-xs">{file.relativePath}</span>
                  <span className="shrink-0 text-xs text-zinc-500 tabular-nums">
                    {formatBytes(file.bytes)}
                  </span>
                </div>
                <FailureNote failure={file.failure} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
