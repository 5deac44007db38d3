import { useMemo, useState } from 'react';
import { useReconnected } from '../../api/connection';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { navigate, useRoute } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { inputClass } from '../../ui/Field';
import { BotIcon, PlusIcon, SearchIcon, TemplateIcon } from '../../ui/icons';
import { AgentBuilder } from './AgentBuilder';
import { AgentList, allTags, filterAgents } from './AgentList';
import { TemplatePicker } from './TemplatePicker';
import { sortAgents, useAgents } from './store';
import { EmptyState } from '../../ui/EmptyState';

/** `#/agents` lists agents; `#/agents/new` builds one; `#/agents/<id>` edits one. */
export function AgentsPage() {
  const { rest } = useRoute();
  const byId = useAgents((s) => s.byId);
  const status = useAgents((s) => s.status);
  const error = useAgents((s) => s.error);
  const reload = useAgents((s) => s.reload);
  useReconnected(() => void reload());
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState('');

  const agents = useMemo(() => sortAgents(byId), [byId]);
  const api = useApi();
  // References that point at nothing (a deleted server, knowledge base or agent), checked again on each change.
  const problems = useLoader(() => api.call('agents.problems', {}), [api, byId]);
  const tags = useMemo(() => allTags(agents), [agents]);
  const visible = useMemo(() => filterAgents(agents, { query, tag }), [agents, query, tag]);

  const target = rest[0];
  const creating = target === 'new';
  const fromTemplate = target === 'templates';
  const selected = target && !creating && !fromTemplate ? byId[target] : undefined;
  const loaded = status === 'ready' || agents.length > 0;

  if (status === 'error' && !agents.length) {
    return (
      <div className="p-6">
        <Banner tone="error" actions={<Button onClick={() => void reload()}>Retry</Button>}>
          <p>Could not load agents: {error?.message}</p>
          {error?.hint ? <p className="opacity-80">{error.hint}</p> : null}
        </Banner>
      </div>
    );
  }

  if (loaded && !agents.length && !creating && !fromTemplate) {
    return (
      <div className="flex h-full">
        <EmptyState
          icon={<BotIcon />}
          title="No agents yet"
          actions={
            <>
              <Button variant="primary" onClick={() => navigate('agents', 'new')}>
                <PlusIcon width={14} height={14} /> Create your first agent
              </Button>
              <Button onClick={() => navigate('agents', 'templates')}>
                <TemplateIcon width={14} height={14} /> Start from a template
              </Button>
            </>
          }
        >
          An agent is a model with instructions, tools and knowledge. Build your first one in a minute.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="flex h-full">
      <aside
        className="flex w-80 shrink-0 flex-col border-r border-zinc-200 dark:border-zinc-800"
        aria-label="Agent list"
      >
        <div className="space-y-2 border-b border-zinc-200 p-2.5 dark:border-zinc-800">
          <div className="flex gap-2">
            <div className="relative flex-1">
              <SearchIcon
                className="pointer-events-none absolute top-1/2 left-2 -translate-y-1/2 text-zinc-400"
                width={14}
                height={14}
              />
              <label htmlFor="agent-search" className="sr-only">
                Search agents
              </label>
              <input
                id="agent-search"
                type="search"
                placeholder="Search agents"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                className={`${inputClass} pl-7`}
              />
            </div>
            <Button variant="primary" onClick={() => navigate('agents', 'new')}>
              <PlusIcon width={14} height={14} /> New agent
            </Button>
            <Button
              variant="ghost"
              aria-label="New from template"
              title="New from template or file"
              onClick={() => navigate('agents', 'templates')}
            >
              <TemplateIcon width={14} height={14} />
            </Button>
          </div>
          {tags.length ? (
            <div>
              <label htmlFor="agent-tag-filter" className="sr-only">
                Filter by tag
              </label>
              <select
                id="agent-tag-filter"
                value={tag}
                onChange={(e) => setTag(e.target.value)}
                className={inputClass}
              >
                <option value="">All tags</option>
                {tags.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          {!loaded ? (
            <p className="p-4 text-xs text-zinc-500">Loading agents…</p>
          ) : visible.length ? (
            <AgentList agents={visible} selectedId={selected?.id} problems={problems.data} />
          ) : (
            <p className="p-4 text-xs text-zinc-500 dark:text-zinc-400">
              {agents.length ? 'No agents match this search.' : 'No agents yet.'}
            </p>
          )}
        </div>
        {status === 'error' ? (
          <div className="border-t border-zinc-200 p-2 dark:border-zinc-800">
            <Banner tone="error" actions={<Button onClick={() => void reload()}>Retry</Button>}>
              {error?.message}
            </Banner>
          </div>
        ) : null}
      </aside>

      <section className="min-w-0 flex-1" aria-label="Agent builder">
        {fromTemplate ? (
          <TemplatePicker
            onCreated={(agent) => navigate('agents', agent.id)}
            onCancel={() => navigate('agents')}
          />
        ) : creating || selected ? (
          <AgentBuilder
            key={selected?.id ?? 'new'}
            agent={selected}
            onSaved={(agent) => navigate('agents', agent.id)}
            onDuplicated={(agent) => navigate('agents', agent.id)}
            onDeleted={() => navigate('agents')}
            onCancel={() => navigate('agents')}
          />
        ) : (
          <div className="flex h-full items-center justify-center p-8 text-center text-[13px] text-zinc-500 dark:text-zinc-400">
            {target && loaded
              ? 'This agent no longer exists. It may have been deleted elsewhere.'
              : 'Select an agent, or create a new one.'}
          </div>
        )}
      </section>
    </div>
  );
}
