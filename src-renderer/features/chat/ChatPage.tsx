import { useEffect, useMemo } from 'react';
import { useReconnected } from '../../api/connection';
import { useApi } from '../../api/context';
import { navigate, useRoute } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ChatIcon, PlusIcon, TemplateIcon } from '../../ui/icons';
import { sortAgents, useAgents } from '../agents/store';
import { runsStoreFor } from '../runs/store';
import { ChatThread } from './ChatThread';
import { threadsStoreFor } from './store';
import { ThreadSidebar } from './ThreadSidebar';

/** `#/chat/<agent>` starts a new chat with an agent; `#/chat/<agent>/<thread>` continues a thread. */
export function ChatPage() {
  const { rest } = useRoute();
  const [agentId, threadId] = rest;
  const api = useApi();
  const byId = useAgents((s) => s.byId);
  const status = useAgents((s) => s.status);
  const error = useAgents((s) => s.error);
  const reloadAgents = useAgents((s) => s.reload);
  const agents = useMemo(() => sortAgents(byId), [byId]);
  useReconnected(() => {
    runsStoreFor(api).getState().resync();
    const threads = threadsStoreFor(api).getState();
    if (agentId) void threads.loadList(agentId);
    if (threadId) void threads.loadThread(threadId);
  });

  // Without an agent in the route, chat with the first one.
  const first = agents[0]?.id;
  useEffect(() => {
    if (!agentId && first) navigate('chat', first);
  }, [agentId, first]);

  if (status === 'error' && !agents.length) {
    return (
      <div className="p-6">
        <Banner tone="error" actions={<Button onClick={() => void reloadAgents()}>Retry</Button>}>
          <p>Could not load agents: {error?.message}</p>
          {error?.hint ? <p className="opacity-80">{error.hint}</p> : null}
        </Banner>
      </div>
    );
  }
  if (!agentId) {
    return status === 'ready' && !agents.length ? (
      <div className="flex h-full items-center justify-center p-8">
        <div className="max-w-sm text-center">
          <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
            <ChatIcon />
          </div>
          <h2 className="text-sm font-semibold">No agents to chat with yet</h2>
          <p className="mt-1 text-[13px] text-zinc-500 dark:text-zinc-400">
            Start from a template or build an agent, then chat with it here.
          </p>
          <div className="mt-4 flex justify-center gap-2">
            <Button variant="primary" onClick={() => navigate('agents', 'templates')}>
              <TemplateIcon width={14} height={14} /> New from template
            </Button>
            <Button onClick={() => navigate('agents', 'new')}>
              <PlusIcon width={14} height={14} /> Build an agent
            </Button>
          </div>
        </div>
      </div>
    ) : (
      <p className="p-6 text-xs text-zinc-500">Loading agents…</p>
    );
  }
  return (
    <div className="flex h-full">
      <ThreadSidebar agents={agents} agentId={agentId} threadId={threadId} />
      <div className="min-w-0 flex-1">
        <ChatThread
          key={`${agentId}/${threadId ?? ''}`}
          agentId={agentId}
          agent={byId[agentId]}
          threadId={threadId}
        />
      </div>
    </div>
  );
}
