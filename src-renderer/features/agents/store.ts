import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient, EventPayload } from '@shared/api/index';
import type { Agent, AgentInput, AgentPatch } from '@shared/entities/agent';
import { perClient, useApi } from '../../api/context';
import {
  createEntityListStore,
  sortByName,
  useEntityList,
  useStartedStore,
  without,
  type EntityListState,
} from '../../api/entity-list-store';

type Change = EventPayload<'agents.changed'>;

interface AgentActions {
  create(input: AgentInput): Promise<Agent>;
  update(id: string, patch: AgentPatch, expectedRevision?: number): Promise<Agent>;
  duplicate(id: string): Promise<Agent>;
  remove(id: string): Promise<void>;
}

/** The agents, kept current by `agents.changed`. */
export type AgentsState = EntityListState<Agent> & AgentActions;

/** Applies one change; an older revision never replaces a newer one. */
export function applyChange(byId: Record<string, Agent>, change: Change): Record<string, Agent> {
  if (change.kind === 'deleted') return without(byId, change.id);
  const current = byId[change.agent.id];
  if (current && current.revision > change.agent.revision) return byId;
  return { ...byId, [change.agent.id]: change.agent };
}

/** Agents by name, for lists. */
export const sortAgents: (byId: Record<string, Agent>) => Agent[] = sortByName;

export function createAgentsStore(api: ApiClient): StoreApi<AgentsState> {
  return createEntityListStore<Agent, Change, AgentActions>(
    {
      load: () => api.call('agents.list', {}),
      idOf: (agent) => agent.id,
      applyChange,
      subscribe: ({ apply }) => api.subscribe('agents.changed', apply),
    },
    ({ apply }) => ({
      async create(input) {
        const agent = await api.call('agents.create', input);
        apply({ kind: 'upserted', agent });
        return agent;
      },

      async update(id, patch, expectedRevision) {
        const agent = await api.call('agents.update', {
          id,
          patch,
          ...(expectedRevision === undefined ? {} : { expectedRevision }),
        });
        apply({ kind: 'upserted', agent });
        return agent;
      },

      async duplicate(id) {
        const agent = await api.call('agents.duplicate', { id });
        apply({ kind: 'upserted', agent });
        return agent;
      },

      async remove(id) {
        await api.call('agents.delete', { id });
        apply({ kind: 'deleted', id });
      },
    }),
  );
}

export const agentsStoreFor = perClient(createAgentsStore);

/** Reads the agents store of the window's client; the first use starts it. */
export function useAgents<T>(selector: (state: AgentsState) => T): T {
  return useStartedStore(agentsStoreFor(useApi()), selector);
}

/** The agents sorted by name, with how their loading stands (for pages that list or pick agents). */
export function useAgentList() {
  const { list: agents, ...rest } = useEntityList(agentsStoreFor(useApi()), sortAgents);
  return { agents, ...rest };
}
