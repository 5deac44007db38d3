import { useEffect, useState } from 'react';
import type { McpServerView } from '@shared/entities/mcp';
import type { McpResourceContent, McpResourceRead } from '@shared/entities/mcp-resources';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { useLoader } from '../../api/use-loader';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { CodeBlock } from '../../ui/CodeBlock';
import { cx } from '../../ui/cx';
import { inputClass } from '../../ui/Field';
import { formatTime } from '../../ui/format';
import { setChatDraft } from '../chat/draft';
import { isLive } from './StatusBadge';

const fileName = (uri: string) => decodeURIComponent(uri.split(/[/:]/).filter(Boolean).at(-1) ?? 'resource');

const EXTENSIONS: Record<string, string> = {
  'text/plain': '.txt',
  'text/markdown': '.md',
  'text/html': '.html',
  'text/csv': '.csv',
  'application/json': '.json',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

/** A part of a read as a file to attach to a chat message (named after the URI, with an extension for its type). */
export function resourceFile(part: McpResourceContent): File {
  const mime = part.mimeType ?? (part.text !== undefined ? 'text/plain' : 'application/octet-stream');
  const base = fileName(part.uri);
  const name = /\.[a-z0-9]{1,5}$/i.test(base) ? base : `${base}${EXTENSIONS[mime] ?? (part.text !== undefined ? '.txt' : '')}`;
  const bytes =
    part.blob !== undefined
      ? Uint8Array.from(atob(part.blob), (c) => c.charCodeAt(0))
      : new TextEncoder().encode(part.text ?? '');
  return new File([bytes], name, { type: mime });
}

/** One part of a read: text shown, images shown, other binary offered as a download. */
export function ResourceContentView({ part }: { part: McpResourceContent }) {
  const mime = part.mimeType ?? '';
  const note = part.truncated ? (
    <p className="text-xs text-amber-700 dark:text-amber-300">
      {part.bytes} bytes: over the size limit, {part.text !== undefined ? 'cut' : 'not shown'}.
    </p>
  ) : null;
  if (part.text !== undefined) {
    return (
      <div className="space-y-1">
        {note}
        <CodeBlock maxHeight="max-h-96" data-testid="resource-text">
          {part.text || '(empty)'}
        </CodeBlock>
      </div>
    );
  }
  if (part.blob === undefined) return note;
  if (mime.startsWith('image/')) {
    return (
      <img
        src={`data:${mime};base64,${part.blob}`}
        alt={`Image resource ${part.uri}`}
        data-testid="resource-image"
        className="max-h-96 rounded-md border border-zinc-200 dark:border-zinc-800"
      />
    );
  }
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-400">
      Binary, {mime || 'no type'}, {part.bytes} bytes.{' '}
      <a
        data-testid="resource-download"
        className="text-indigo-700 underline dark:text-indigo-300"
        href={`data:${mime || 'application/octet-stream'};base64,${part.blob}`}
        download={fileName(part.uri)}
      >
        Download
      </a>
    </p>
  );
}

/** A server's resources and resource templates: read one, subscribe to its updates, send it to a chat. */
export function ResourcesPanel({ view }: { view: McpServerView }) {
  const api = useApi();
  const serverId = view.server.id;
  const live = isLive(view.status.state);
  const list = useLoader(
    () =>
      live
        ? api.call('mcp.resources.list', { serverId, refresh: false })
        : Promise.resolve(undefined),
    [api, serverId, live],
  );
  const [uri, setUri] = useState('');
  const [read, setRead] = useState<{ uri: string; result: McpResourceRead; at: string } | null>(null);
  const [subscribed, setSubscribed] = useState<string[]>([]);
  const action = useAction();

  useEffect(() => setSubscribed(list.data?.subscribed ?? []), [list.data]);

  const open = (target: string) =>
    action.run(async () => {
      setUri(target);
      const result = await api.call('mcp.resources.read', { serverId, uri: target });
      setRead({ uri: target, result, at: new Date().toISOString() });
    });

  // A subscribed resource that changed is read again when it is the one shown.
  useEffect(
    () =>
      api.subscribe('mcp.resource.updated', (event) => {
        if (event.serverId !== serverId || event.uri !== read?.uri) return;
        void api.call('mcp.resources.read', { serverId, uri: event.uri }).then(
          (result) => setRead({ uri: event.uri, result, at: new Date().toISOString() }),
          () => undefined,
        );
      }),
    [api, serverId, read?.uri],
  );

  if (!live) {
    return <p className="py-6 text-[13px] text-zinc-500">Start the server to browse its resources.</p>;
  }
  const data = list.data;
  const isSubscribed = read ? subscribed.includes(read.uri) : false;
  const text = read?.result.contents.map((c) => c.text ?? '').join('\n') ?? '';

  return (
    <div className="space-y-4 py-4">
      {list.error ? <Banner tone="error">{list.error.message}</Banner> : null}
      <div className="flex items-center gap-2">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Resources</h3>
        <Button
          variant="ghost"
          onClick={() =>
            void action.run(async () => {
              await api.call('mcp.resources.list', { serverId, refresh: true });
              list.reload();
            })
          }
        >
          Refresh
        </Button>
      </div>
      {data && !data.resources.length && !data.templates.length ? (
        <p className="text-[13px] text-zinc-500">This server lists no resources.</p>
      ) : null}
      {data?.resources.length ? (
        <ul aria-label="Resources" className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {data.resources.map((r) => (
            <li key={r.uri}>
              <button
                type="button"
                onClick={() => void open(r.uri)}
                aria-current={read?.uri === r.uri ? 'true' : undefined}
                className={cx(
                  'flex w-full items-baseline gap-3 px-2.5 py-1.5 text-left text-[13px] hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800/50',
                  read?.uri === r.uri && 'bg-indigo-50 dark:bg-indigo-500/10',
                )}
              >
                <span className="font-medium">{r.title ?? r.name}</span>
                <span className="min-w-0 truncate font-mono text-[11px] text-zinc-500">{r.uri}</span>
                <span className="ml-auto shrink-0 text-[11px] text-zinc-500">{r.mimeType ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {data?.templates.length ? (
        <div className="space-y-1">
          <h4 className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Templates (fill in the braces)</h4>
          <ul aria-label="Resource templates" className="space-y-0.5 text-[13px]">
            {data.templates.map((t) => (
              <li key={t.uriTemplate}>
                <button
                  type="button"
                  className="font-mono text-[12px] text-indigo-700 hover:underline dark:text-indigo-300"
                  onClick={() => setUri(t.uriTemplate)}
                >
                  {t.uriTemplate}
                </button>{' '}
                <span className="text-zinc-500">{t.description ?? t.name}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (uri.trim()) void open(uri.trim());
        }}
      >
        <label htmlFor="mcp-resource-uri" className="sr-only">
          Resource URI
        </label>
        <input
          id="mcp-resource-uri"
          className={cx(inputClass, 'font-mono')}
          placeholder="URI to read"
          value={uri}
          onChange={(e) => setUri(e.target.value)}
        />
        <Button type="submit" disabled={action.busy || !uri.trim()}>
          Read
        </Button>
      </form>
      {action.error ? <Banner tone="error">{action.error}</Banner> : null}
      {read ? (
        <section aria-label="Resource content" className="space-y-2" data-testid="resource-content">
          <div className="flex flex-wrap items-center gap-3">
            <p className="min-w-0 truncate font-mono text-xs text-zinc-600 dark:text-zinc-400">{read.uri}</p>
            <span className="text-[11px] text-zinc-500" data-testid="resource-read-at">
              read {formatTime(read.at)}
            </span>
            {data?.subscribe ? (
              <Checkbox
                id="mcp-resource-subscribe"
                label="Live updates"
                checked={isSubscribed}
                onChange={(on) =>
                  void action.run(async () => {
                    const method = on ? 'mcp.resources.subscribe' : 'mcp.resources.unsubscribe';
                    setSubscribed((await api.call(method, { serverId, uri: read.uri })).subscribed);
                  })
                }
              />
            ) : null}
            {read.result.contents.some((c) => !c.truncated || c.text !== undefined) ? (
              <Button
                variant="ghost"
                onClick={() => {
                  setChatDraft(
                    '',
                    read.result.contents.filter((c) => c.text !== undefined || c.blob !== undefined).map(resourceFile),
                  );
                  navigate('chat');
                }}
              >
                Attach to chat
              </Button>
            ) : null}
            {text.trim() ? (
              <Button
                variant="ghost"
                onClick={() => {
                  setChatDraft(`Resource ${read.uri}:\n\n${text}`);
                  navigate('chat');
                }}
              >
                Use in chat
              </Button>
            ) : null}
          </div>
          {read.result.contents.map((part, i) => (
            <ResourceContentView key={`${part.uri}-${i}`} part={part} />
          ))}
        </section>
      ) : null}
    </div>
  );
}
