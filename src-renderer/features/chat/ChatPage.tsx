import { useEffect } from 'react';
import { useReconnected } from '../../api/connection';
import { useApi } from '../../api/context';
import { navigate, useRoute } from '../../app/route';
import { ChatIcon } from '../../ui/icons';
import { AgentsLoadError, NoAgentsYet } from '../agents/NoAgentsYet';
import { useAgentList } from '../agents/store';
import { runsStoreFor } from '../runs/store';
import { ChatThread } from './ChatThread';
import { threadsStoreFor } from './store';
import { ThreadSidebar } from './ThreadSidebar';

/** `#/chat/<agent>` starts a new chat with an agent; `#/chat/<agent>/<thread>` continues a thread. */
export function ChatPage() {
  const { rest } = useRoute();
  const [agentId, threadId] = rest;
  const api = useApi();
  const { agents, byId, status, error, reload: reloadAgents } = useAgentList();
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
    return <AgentsLoadError error={error} onRetry={() => void reloadAgents()} />;
  }
  if (!agentId) {
    return status === 'ready' && !agents.length ? (
      <div className="flex h-full">
        <NoAgentsYet icon={<ChatIcon />} title="No agents to chat with yet">
          Start from a template or build an agent, then chat with it here.
        </NoAgentsYet>
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
