import { useEffect, useState, type FormEvent } from 'react';
import type { EventPayload } from '@shared/api/index';
import type { LocalModel } from '@shared/api/models';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import { useLocalModels } from './use-local-models';

const sourceLabels: Record<LocalModel['source'], string> = {
  builtin: 'built in',
  folder: 'folder',
  download: 'downloaded',
};

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const messageOf = (caught: unknown) => {
  const error = toAppError(caught);
  return [error.message, error.hint].filter(Boolean).join(' ');
};

/** Local embedding models: the list, add a folder, download from the Hugging Face hub, remove. */
export function LocalModels() {
  const api = useApi();
  const { data: models, error: loadError, reload } = useLocalModels();
  const [path, setPath] = useState('');
  const [repo, setRepo] = useState('');
  const [busy, setBusy] = useState<'folder' | 'download' | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [downloading, setDownloading] = useState<string | null>(null);
  const [progress, setProgress] = useState<EventPayload<'models.download.progress'> | null>(null);

  useEffect(
    () =>
      api.subscribe('models.download.progress', (p) => {
        if (p.repo === downloading) setProgress(p);
      }),
    [api, downloading],
  );

  const run = async (kind: 'folder' | 'download', work: () => Promise<LocalModel>) => {
    setBusy(kind);
    setError(undefined);
    setNotice(undefined);
    try {
      const model = await work();
      setNotice(`Added ${model.name} (${model.dimensions} dimensions).`);
      reload();
      return true;
    } catch (caught) {
      setError(
        toAppError(caught).code === 'CANCELLED' ? 'The download was cancelled.' : messageOf(caught),
      );
      return false;
    } finally {
      setBusy(null);
    }
  };

  const addFolder = async (event: FormEvent) => {
    event.preventDefault();
    if (await run('folder', () => api.call('models.local.addFolder', { path: path.trim() })))
      setPath('');
  };

  const download = async (event: FormEvent) => {
    event.preventDefault();
    const id = repo.trim();
    setDownloading(id);
    setProgress(null);
    const ok = await run('download', () => api.call('models.local.download', { repo: id }));
    setDownloading(null);
    setProgress(null);
    if (ok) setRepo('');
  };

  const remove = async (name: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await api.call('models.local.remove', { name });
      setNotice(`Removed ${name}.`);
      reload();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <div className="space-y-4">
      {loadError ? (
        <Banner tone="error">Could not list the models: {loadError.message}</Banner>
      ) : null}
      <ul
        className="divide-y divide-zinc-200 text-[13px] dark:divide-zinc-800"
        aria-label="Local embedding models"
      >
        {(models ?? []).map((m) => (
          <li
            key={m.name}
            className="flex items-center gap-3 py-1.5"
            data-testid={`local-model-${m.name}`}
          >
            <div className="min-w-0 flex-1">
              <div className="font-medium">{m.name}</div>
              <div className="truncate text-xs text-zinc-500 dark:text-zinc-400" title={m.dir}>
                {sourceLabels[m.source]} · {m.dimensions} dimensions · {m.dtype} · {m.dir}
              </div>
            </div>
            {m.source !== 'builtin' ? (
              <Button
                variant="ghost"
                aria-label={`Remove ${m.name}`}
                onClick={() => void remove(m.name)}
              >
                Remove
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? <Banner tone="error">{error}</Banner> : null}
      {notice ? <Banner tone="info">{notice}</Banner> : null}
      <form onSubmit={addFolder}>
        <Field
          id="model-folder"
          label="Add a model folder"
          hint="A transformers.js ONNX export: config.json, tokenizer.json, onnx/model*.onnx."
        >
          <div className="flex items-center gap-2">
            <input
              {...describedBy('model-folder', undefined, true)}
              className={inputClass}
              value={path}
              placeholder="/path/to/bge-small-en-v1.5"
              spellCheck={false}
              onChange={(e) => setPath(e.target.value)}
            />
            <Button type="submit" disabled={!path.trim() || busy !== null}>
              {busy === 'folder' ? 'Adding…' : 'Add folder'}
            </Button>
          </div>
        </Field>
      </form>
      <form onSubmit={download}>
        <Field
          id="model-repo"
          label="Download from Hugging Face"
          hint="A repository id with ONNX weights, e.g. Xenova/bge-small-en-v1.5."
        >
          <div className="flex items-center gap-2">
            <input
              {...describedBy('model-repo', undefined, true)}
              className={inputClass}
              value={repo}
              placeholder="owner/name"
              spellCheck={false}
              onChange={(e) => setRepo(e.target.value)}
            />
            {downloading ? (
              <Button
                onClick={() => void api.call('models.download.cancel', { repo: downloading })}
              >
                Cancel
              </Button>
            ) : (
              <Button type="submit" disabled={!repo.trim() || busy !== null}>
                Download
              </Button>
            )}
          </div>
        </Field>
      </form>
      {downloading ? (
        <div className="space-y-1">
          <ProgressBar
            label={`Downloading ${downloading}`}
            segments={[{ value: progress?.received ?? 0, tone: 'primary' }]}
            max={progress?.total ?? 0}
            indeterminate={!progress?.total}
          />
          <p
            className="text-xs text-zinc-500 dark:text-zinc-400"
            data-testid="model-download-status"
          >
            {progress
              ? `${progress.file}: ${mb(progress.received)}${progress.total ? ` of ${mb(progress.total)}` : ''}`
              : `Starting ${downloading}…`}
          </p>
        </div>
      ) : null}
    </div>
  );
}
