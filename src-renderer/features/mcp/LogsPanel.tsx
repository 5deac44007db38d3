import { useEffect, useRef, useState } from 'react';
import type { McpLogEntry } from '@shared/entities/mcp';
import { McpLogLevel } from '@shared/entities/mcp-resources';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { cx } from '../../ui/cx';
import { formatTime } from '../../ui/format';
import { smallSelectClass } from './styles';
import { LOG_CAPACITY, useServerLogs } from './use-server-logs';

type StreamFilter = 'all' | McpLogEntry['stream'];

const levelClass: Record<McpLogEntry['level'], string> = {
  info: 'text-zinc-700 dark:text-zinc-300',
  warn: 'text-amber-700 dark:text-amber-300',
  error: 'text-red-700 dark:text-red-400',
};

/** The server's stderr and the app's notes about it, live, newest at the bottom. */
export function LogsPanel({ serverId, live = false }: { serverId: string; live?: boolean }) {
  const { entries, error, clear } = useServerLogs(serverId);
  const api = useApi();
  const [level, setLevel] = useState<McpLogLevel | ''>('');
  const levelAction = useAction();
  const [stream, setStream] = useState<StreamFilter>('all');
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const shown = stream === 'all' ? entries : entries.filter((e) => e.stream === stream);

  useEffect(() => {
    const el = box.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  }, [shown.length, follow]);

  return (
    <div className="flex h-full min-h-0 flex-col gap-2 py-4">
      <div className="flex items-center gap-3">
        <label htmlFor="mcp-log-stream" className="text-xs text-zinc-600 dark:text-zinc-400">
          Show
        </label>
        <select
          id="mcp-log-stream"
          className={`${smallSelectClass} w-36`}
          value={stream}
          onChange={(e) => setStream(e.target.value as StreamFilter)}
        >
          <option value="all">All lines</option>
          <option value="stderr">stderr</option>
          <option value="stdout">stdout</option>
          <option value="system">App notes</option>
        </select>
        <label htmlFor="mcp-log-level" className="text-xs text-zinc-600 dark:text-zinc-400">
          Server log level
        </label>
        <select
          id="mcp-log-level"
          className={`${smallSelectClass} w-32`}
          value={level}
          disabled={!live || levelAction.busy}
          title={live ? 'What the server sends (MCP logging/setLevel)' : 'Start the server to set its log level'}
          onChange={(e) => {
            const next = McpLogLevel.parse(e.target.value);
            void levelAction.run(async () => {
              await api.call('mcp.servers.setLogLevel', { id: serverId, level: next });
              setLevel(next);
            });
          }}
        >
          <option value="" disabled>
            Server default
          </option>
          {McpLogLevel.options.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <Checkbox id="mcp-log-follow" label="Follow" checked={follow} onChange={setFollow} />
        <Button variant="ghost" onClick={clear} disabled={!entries.length}>
          Clear view
        </Button>
        <span className="ml-auto text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {entries.length} line{entries.length === 1 ? '' : 's'} (the last {LOG_CAPACITY} are kept)
        </span>
      </div>
      {error ? <Banner tone="error">{error.message}</Banner> : null}
      {levelAction.error ? <Banner tone="error">{levelAction.error}</Banner> : null}
      <div
        ref={box}
        role="log"
        aria-label="Server log"
        data-testid="mcp-log"
        tabIndex={0}
        className="min-h-64 flex-1 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-2 font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-900"
      >
        {shown.length ? (
          shown.map((entry) => (
            <div
              key={entry.seq}
              className={cx('flex gap-2', levelClass[entry.level])}
              data-stream={entry.stream}
            >
              <span className="shrink-0 text-zinc-400 select-none">{formatTime(entry.at)}</span>
              <span className="w-12 shrink-0 text-zinc-400 select-none">{entry.stream}</span>
              <span className="min-w-0 break-all whitespace-pre-wrap">{entry.text}</span>
            </div>
          ))
        ) : (
          <p className="text-zinc-500">No log lines yet.</p>
        )}
      </div>
    </div>
  );
}
