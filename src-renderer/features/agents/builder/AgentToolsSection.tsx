import { useState } from 'react';
import type { ToolPolicy, ToolRef } from '@shared/entities/agent';
import type { McpServerView } from '@shared/entities/mcp';
import { Banner } from '../../../ui/Banner';
import { Button } from '../../../ui/Button';
import { Checkbox } from '../../../ui/Checkbox';
import { FormSection } from '../../../ui/FormSection';
import { SegmentedControl } from '../../../ui/SegmentedControl';
import { StatusDot } from '../../../ui/StatusDot';
import { stateMeta } from '../../mcp/StatusBadge';
import { ToolPolicyControl } from './ToolPolicyControl';
import { useServerTools, type BuilderOptions } from './use-builder-options';

/** Built-ins the Knowledge and Delegates sections give the agent. */
const IMPLIED = new Set(['knowledge_search', 'delegate_to_agent']);

type Selection = 'off' | 'all' | 'some';

export interface AgentToolsSectionProps {
  tools: ToolRef[];
  policies: Record<string, ToolPolicy>;
  error: string | undefined;
  options: Pick<BuilderOptions, 'servers' | 'builtins'>;
  onTools: (tools: ToolRef[]) => void;
  onPolicies: (policies: Record<string, ToolPolicy>) => void;
}

function selectionOf(tools: ToolRef[], serverId: string): Selection {
  if (tools.some((t) => t.kind === 'mcp-server' && t.serverId === serverId)) return 'all';
  return tools.some((t) => t.kind === 'mcp-tool' && t.serverId === serverId) ? 'some' : 'off';
}

const notOfServer = (serverId: string) => (t: ToolRef) => t.kind === 'builtin' || t.serverId !== serverId;

/** Tools: MCP servers (whole, or chosen tools), built-in tools, and ask/allow/deny per tool for this agent. */
export function AgentToolsSection({ tools, policies, error, options, onTools, onPolicies }: AgentToolsSectionProps) {
  const servers = options.servers.data ?? [];
  const builtins = options.builtins.data ?? [];
  const known = new Set(servers.map((v) => v.server.id));
  const missing = [...new Set(tools.flatMap((t) => (t.kind !== 'builtin' && !known.has(t.serverId) ? [t.serverId] : [])))];
  const chosenBuiltins = new Set(tools.flatMap((t) => (t.kind === 'builtin' ? [t.name] : [])));
  const builtinNames = new Set(builtins.map((b) => b.name));
  const missingBuiltins = options.builtins.data ? [...chosenBuiltins].filter((n) => !builtinNames.has(n)) : [];

  const toggleBuiltin = (name: string, on: boolean) =>
    onTools(on ? [...tools, { kind: 'builtin', name }] : tools.filter((t) => !(t.kind === 'builtin' && t.name === name)));

  return (
    <FormSection title="Tools" description="What the agent can do, and which calls wait for your approval.">
      <div data-field="agent-tools" className="space-y-3">
        {error ? (
          <p id="agent-tools-error" role="alert" className="text-xs text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
        {[...missing, ...missingBuiltins].length ? (
          <Banner tone="warning">
            <p>This agent uses tools that no longer exist:</p>
            <ul className="mt-1 space-y-1">
              {missing.map((id) => (
                <li key={id} className="flex items-center gap-2">
                  <span className="font-mono text-xs">MCP server {id} (deleted)</span>
                  <Button variant="ghost" onClick={() => onTools(tools.filter(notOfServer(id)))}>
                    Remove
                  </Button>
                </li>
              ))}
              {missingBuiltins.map((name) => (
                <li key={name} className="flex items-center gap-2">
                  <span className="font-mono text-xs">built-in {name}</span>
                  <Button variant="ghost" onClick={() => toggleBuiltin(name, false)}>
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          </Banner>
        ) : null}

        <h4 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">MCP servers</h4>
        {options.servers.error ? (
          <p className="text-xs text-zinc-500">Could not list MCP servers: {options.servers.error.message}</p>
        ) : servers.length === 0 && !options.servers.loading ? (
          <p className="text-xs text-zinc-500">No MCP servers yet: add one on the MCP page, then choose its tools here.</p>
        ) : (
          <ul className="space-y-2">
            {servers.map((view) => (
              <ServerRow key={view.server.id} view={view} tools={tools} policies={policies} onTools={onTools} onPolicies={onPolicies} />
            ))}
          </ul>
        )}

        <h4 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Built-in tools</h4>
        <ul className="space-y-2">
          {builtins
            .filter((b) => !IMPLIED.has(b.name) || chosenBuiltins.has(b.name))
            .map((b) => (
              <li key={b.name} className="flex flex-wrap items-start justify-between gap-2">
                <Checkbox
                  id={`agent-builtin-${b.name}`}
                  label={b.name}
                  hint={IMPLIED.has(b.name) ? 'Also given by the Knowledge or Delegates settings.' : b.description}
                  checked={chosenBuiltins.has(b.name)}
                  onChange={(on) => toggleBuiltin(b.name, on)}
                />
                {chosenBuiltins.has(b.name) ? (
                  <ToolPolicyControl toolLabel={b.name} policyKey={`builtin:${b.name}`} policies={policies} onChange={onPolicies} />
                ) : null}
              </li>
            ))}
        </ul>
      </div>
    </FormSection>
  );
}

function ServerRow({
  view,
  tools,
  policies,
  onTools,
  onPolicies,
}: {
  view: McpServerView;
  tools: ToolRef[];
  policies: Record<string, ToolPolicy>;
  onTools: (tools: ToolRef[]) => void;
  onPolicies: (policies: Record<string, ToolPolicy>) => void;
}) {
  const { server, status } = view;
  // "Chosen tools" with none chosen yet stays open here (the agent's tools do not say it).
  const [choosing, setChoosing] = useState(false);
  const stored = selectionOf(tools, server.id);
  const selection: Selection = stored === 'off' && choosing ? 'some' : stored;
  const listed = useServerTools(server.id, selection !== 'off');
  const chosen = new Set(tools.flatMap((t) => (t.kind === 'mcp-tool' && t.serverId === server.id ? [t.tool] : [])));
  const select = (next: Selection) => {
    const others = tools.filter(notOfServer(server.id));
    setChoosing(next === 'some');
    if (next === 'off') onTools(others);
    else if (next === 'all') onTools([...others, { kind: 'mcp-server', serverId: server.id }]);
    else onTools([...others, ...[...chosen].map((tool) => ({ kind: 'mcp-tool' as const, serverId: server.id, tool }))]);
  };
  const toggleTool = (tool: string, on: boolean) =>
    onTools(on ? [...tools, { kind: 'mcp-tool', serverId: server.id, tool }] : tools.filter((t) => !(t.kind === 'mcp-tool' && t.serverId === server.id && t.tool === tool)));
  const look = stateMeta[status.state];
  const known = listed.data ?? [];
  // Chosen tools the server no longer lists (or not yet: it has not run since the app started).
  const unlisted = [...chosen].filter((t) => !known.some((k) => k.name === t));

  return (
    <li className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="agent-server">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-2">
          <span className="truncate text-[13px] font-medium">{server.name}</span>
          <StatusDot status={status.state} look={look} label={status.state === 'crashed' ? 'Failed' : look.label} />
        </div>
        <SegmentedControl
          label={`Tools of ${server.name}`}
          options={[
            { value: 'off', label: 'Off' },
            { value: 'all', label: 'All tools', title: 'Every tool, also those the server adds later' },
            { value: 'some', label: 'Chosen tools' },
          ]}
          value={selection}
          onChange={select}
        />
      </div>
      {selection !== 'off' ? (
        <div className="mt-2 space-y-1.5">
          {listed.error || (!listed.loading && known.length === 0) ? (
            <p className="text-xs text-zinc-500">
              Its tools are listed once the server has run{listed.error ? ` (${listed.error.message})` : ''}.
            </p>
          ) : null}
          {[...known.map((t) => ({ name: t.name, description: t.description ?? '' })), ...unlisted.map((name) => ({ name, description: 'Not listed by the server right now.' }))].map((t) => (
            <div key={t.name} className="flex flex-wrap items-start justify-between gap-2">
              {selection === 'some' ? (
                <Checkbox
                  id={`agent-tool-${server.id}-${t.name}`}
                  label={t.name}
                  hint={t.description.slice(0, 160)}
                  checked={chosen.has(t.name)}
                  onChange={(on) => toggleTool(t.name, on)}
                />
              ) : (
                <span className="text-[13px]" title={t.description}>
                  {t.name}
                </span>
              )}
              {selection === 'all' || chosen.has(t.name) ? (
                <ToolPolicyControl toolLabel={t.name} policyKey={`${server.id}:${t.name}`} policies={policies} onChange={onPolicies} />
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </li>
  );
}
