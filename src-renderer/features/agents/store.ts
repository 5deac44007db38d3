import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, EventPayload } from '@shared/api/index';
import type { Agent, AgentInput, AgentPatch } from '@shared/entities/agent';
import type { AppError } from '@shared/errors';
import { perClient, useApi } from '../../api/context';
import { toAppError } from '../../api/core';

type Change = EventPayload<'agents.changed'>;

export interface AgentsState {
  byId: Record<string, Agent>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  /** Subscribes to `agents.changed` and loads the list; later calls do nothing. */
  start(): void;
  /** Loads the list again (after a reconnect, or to retry). */
  reload(): Promise<void>;
  create(input: AgentInput): Promise<Agent>;
  update(id: string, patch: AgentPatch, expectedRevision?: number): Promise<Agent>;
  duplicate(id: string): Promise<Agent>;
  remove(id: string): Promise<void>;
}

/** Applies one change; an older revision never replaces a newer one. */
export function applyChange(byId: Record<string, Agent>, change: Change): Record<string, Agent> {
  if (change.kind === 'deleted') {
    if (!(change.id in byId)) return byId;
    const { [change.id]: _gone, ...rest } = byId;
    return rest;
  }
  const current = byId[change.agent.id];
  if (current && current.revision > change.agent.revision) return byId;
  return { ...byId, [change.agent.id]: change.agent };
}

/** Agents by name, for lists. */
export function sortAgents(byId: Record<string, Agent>): Agent[] {
  return Object.values(byId).sort(
    (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
}

export function createAgentsStore(api: ApiClient): StoreApi<AgentsState> {
  let started = false;
  let generation = 0;
  /** Changes that arrive while the list loads are applied again on top of the loaded list. */
  let buffered: Change[] | null = null;

  return createStore<AgentsState>((set, get) => {
    const apply = (change: Change) => {
      buffered?.push(change);
      set((state) => ({ byId: applyChange(state.byId, change) }));
    };

    return {
      byId: {},
      status: 'idle',
      error: null,

      start() {
        if (started) return;
        started = true;
        api.subscribe('agents.changed', apply);
        void get().reload();
      },

      async reload() {
        const mine = ++generation;
        buffered = [];
        set({ status: 'loading', error: null });
        try {
          const list = await api.call('agents.list', {});
          if (mine !== generation) return;
          let byId: Record<string, Agent> = Object.fromEntries(
            list.map((agent) => [agent.id, agent]),
          );
          for (const change of buffered) byId = applyChange(byId, change);
          set({ byId, status: 'ready', error: null });
        } catch (error) {
          if (mine !== generation) return;
          set({ status: 'error', error: toAppError(error) });
        } finally {
          if (mine === generation) buffered = null;
        }
      },

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
    };
  });
}

export const agentsStoreFor = perClient(createAgentsStore);

/** Reads the agents store of the window's client; the first use starts it. */
export function useAgents<T>(selector: (state: AgentsState) => T): T {
  const store = agentsStoreFor(useApi());
  useEffect(() => store.getState().start(), [store]);
  return useStore(store, selector);
}
