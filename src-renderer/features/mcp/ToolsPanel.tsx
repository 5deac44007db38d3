import { useState } from 'react';
import type { ApprovalMode, McpServerView, McpTool } from '@shared/entities/mcp';
import type { AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { useLoader } from '../../api/use-loader';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CodeBlock, prettyJson } from '../../ui/CodeBlock';
import { cx } from '../../ui/cx';
import { inputClass } from '../../ui/Field';
import { isLive } from './StatusBadge';
import { useMcp } from './store';
import { smallSelectClass } from './styles';
import { ToolTester } from './ToolTester';

const policyLabels: Record<ApprovalMode, string> = { ask: 'Ask', allow: 'Allow', deny: 'Block' };

/** The server's tools with their input schemas, approval policy and a form to try each. */
export function ToolsPanel({ view }: { view: McpServerView }) {
  const api = useApi();
  const { server, status } = view;
  const live = isLive(status.state);
  const tools = useLoader(
    () => api.call('mcp.servers.tools', { id: server.id }),
    // A start or a changed tool list (toolCount) brings new definitions.
    [api, server.id, status.since, status.toolCount],
  );
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<AppError | null>(null);
  const refresh = async () => {
    setRefreshing(true);
    setRefreshError(null);
    try {
      await api.call('mcp.servers.tools', { id: server.id, refresh: true });
    } catch (caught) {
      setRefreshError(toAppError(caught));
    } finally {
      setRefreshing(false);
      tools.reload();
    }
  };
  const error = refreshError ?? tools.error;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);

  const q = query.trim().toLowerCase();
  const visible = (tools.data ?? []).filter(
    (t) => !q || [t.name, t.title ?? '', t.description].some((s) => s.toLowerCase().includes(q)),
  );

  return (
    <div className="space-y-3 py-4">
      <div className="flex items-center gap-2">
        <label htmlFor="mcp-tool-filter" className="sr-only">
          Filter tools
        </label>
        <input
          id="mcp-tool-filter"
          type="search"
          placeholder="Filter tools"
          className={`${inputClass} max-w-xs`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <Button
          variant="ghost"
          disabled={!live || refreshing}
          title={live ? 'Ask the server for its tools again' : 'Start the server first'}
          onClick={() => void refresh()}
        >
          Refresh
        </Button>
        <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
          {tools.data ? `${tools.data.length} tool${tools.data.length === 1 ? '' : 's'}` : ''}
        </span>
      </div>
      {error ? (
        <Banner tone="error">
          <p>{error.message}</p>
          {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
        </Banner>
      ) : null}
      {tools.data && !tools.data.length ? (
        <p className="text-[13px] text-zinc-500 dark:text-zinc-400">
          {live ? 'This server offers no tools.' : 'Start the server to see its tools.'}
        </p>
      ) : null}
      {!live && tools.data?.length ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          The server is not running: these are its tools as last listed.
        </p>
      ) : null}
      <ul
        aria-label="Tools"
        className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      >
        {visible.map((tool) => (
          <ToolRow
            key={tool.name}
            tool={tool}
            view={view}
            live={live}
            open={open === tool.name}
            onToggle={() => setOpen(open === tool.name ? null : tool.name)}
            onApproved={tools.reload}
          />
        ))}
      </ul>
    </div>
  );
}

function ToolRow({
  tool,
  view,
  live,
  open,
  onToggle,
  onApproved,
}: {
  tool: McpTool;
  view: McpServerView;
  live: boolean;
  open: boolean;
  onToggle: () => void;
  onApproved: () => void;
}) {
  const update = useMcp((s) => s.update);
  const [policyError, setPolicyError] = useState<string | null>(null);
  const { approval } = view.server;
  const own = approval.tools[tool.name];
  const panelId = `mcp-tool-${tool.name}`;
  const hints = [
    tool.annotations?.readOnlyHint ? 'read-only' : null,
    tool.annotations?.destructiveHint ? 'destructive' : null,
    tool.annotations?.openWorldHint ? 'open world' : null,
  ].filter(Boolean);

  const setPolicy = async (mode: ApprovalMode | '') => {
    const { [tool.name]: _old, ...others } = approval.tools;
    setPolicyError(null);
    try {
      await update(view.server.id, {
        approval: { ...approval, tools: mode ? { ...others, [tool.name]: mode } : others },
      });
    } catch (caught) {
      setPolicyError(toAppError(caught).message);
    }
  };

  return (
    <li data-testid="mcp-tool" data-tool={tool.name}>
      <div className="flex items-center gap-3 px-3 py-2">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={onToggle}
          className="min-w-0 flex-1 text-left focus-visible:outline-2 focus-visible:outline-indigo-500"
        >
          <span className="flex items-baseline gap-2">
            <span className="font-mono text-[13px] font-medium text-zinc-900 dark:text-zinc-100">
              {tool.name}
            </span>
            {tool.title ? (
              <span className="truncate text-xs text-zinc-500">{tool.title}</span>
            ) : null}
            {hints.map((hint) => (
              <span
                key={hint}
                className={cx(
                  'shrink-0 rounded px-1 text-[11px]',
                  hint === 'destructive'
                    ? 'bg-red-50 text-red-700 dark:bg-red-950/50 dark:text-red-300'
                    : 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300',
                )}
              >
                {hint}
              </span>
            ))}
          </span>
          <span
            className={cx(
              'mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400',
              !open && 'truncate',
            )}
          >
            {tool.description || 'No description.'}
          </span>
        </button>
        <label htmlFor={`${panelId}-policy`} className="sr-only">
          Approval for {tool.name}
        </label>
        <select
          id={`${panelId}-policy`}
          className={`${smallSelectClass} w-36 shrink-0`}
          value={own ?? ''}
          onChange={(e) => void setPolicy(e.target.value as ApprovalMode | '')}
        >
          <option value="">Default ({policyLabels[approval.default]})</option>
          <option value="ask">Ask</option>
          <option value="allow">Allow</option>
          <option value="deny">Block</option>
        </select>
      </div>
      {tool.changedSinceConsent ? (
        <ChangedDefinition tool={tool} onApproved={onApproved} onReview={open ? undefined : onToggle} />
      ) : null}
      {tool.needsTasks ? (
        <p className="px-3 pb-2 text-xs text-amber-700 dark:text-amber-400">
          Not supported: this tool only runs as an MCP task, which Agent Factory does not support yet. Agents are not offered it.
        </p>
      ) : null}
      {policyError ? (
        <p className="px-3 pb-2 text-xs text-red-600 dark:text-red-400">{policyError}</p>
      ) : null}
      {open ? (
        <div
          id={panelId}
          className="space-y-3 border-t border-zinc-200 bg-zinc-50/50 px-3 py-3 dark:border-zinc-800 dark:bg-zinc-900/40"
        >
          <p className="font-mono text-[11px] text-zinc-500">
            Offered to agents as {tool.namespacedName}
          </p>
          <div>
            <h4 className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Input schema
            </h4>
            <CodeBlock maxHeight="max-h-60">{prettyJson(tool.inputSchema)}</CodeBlock>
          </div>
          {tool.outputSchema ? (
            <div>
              <h4 className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
                Output schema
              </h4>
              <CodeBlock maxHeight="max-h-60">{prettyJson(tool.outputSchema)}</CodeBlock>
            </div>
          ) : null}
          <div>
            <h4 className="mb-2 text-xs font-medium text-zinc-700 dark:text-zinc-300">Try it</h4>
            <ToolTester tool={tool} live={live} />
          </div>
        </div>
      ) : null}
    </li>
  );
}

/** A definition that changed since the user approved it: withheld from agents until approved again. */
function ChangedDefinition({
  tool,
  onApproved,
  onReview,
}: {
  tool: McpTool;
  onApproved: () => void;
  onReview: (() => void) | undefined;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call('mcp.servers.approveTool', { id: tool.serverId, tool: tool.name, hash: tool.hash });
      onApproved();
    } catch (caught) {
      const e = toAppError(caught);
      setError([e.message, e.hint].filter(Boolean).join(' '));
      onApproved();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2 px-3 pb-2 text-xs text-amber-700 dark:text-amber-300">
      <p className="min-w-0 flex-1">
        This tool’s description or schema changed since you approved it. Agents are not offered it until you
        review the new definition and approve it.
      </p>
      {onReview ? (
        <Button variant="ghost" onClick={onReview}>
          Review
        </Button>
      ) : null}
      <Button disabled={busy} onClick={() => void approve()}>
        Approve new definition
      </Button>
      {error ? <p className="w-full text-red-600 dark:text-red-400">{error}</p> : null}
    </div>
  );
}
