import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, EventPayload } from '@shared/api/index';
import type { Run } from '@shared/entities/run';
import type { Thread, ThreadListItem } from '@shared/entities/thread';
import type { AppError } from '@shared/errors';
import { perClient, useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { useStartedStore, without } from '../../api/entity-list-store';
import { isNewerRun } from '../runs/merge';

export interface Loadable {
  status: 'loading' | 'ready' | 'error';
  error: AppError | null;
}

/** The threads of an agent (with a search query, the matches), in the order shown. */
export interface ThreadList extends Loadable {
  ids: string[];
}

/** A thread's top-level runs, oldest first. */
export interface ThreadRuns extends Loadable {
  runIds: string[];
}

export interface ThreadsState {
  threads: Record<string, ThreadListItem>;
  /** By `listKey(agentId, query)`. */
  lists: Record<string, ThreadList>;
  details: Record<string, ThreadRuns>;
  /** Top-level run records of the loaded threads (the runs store has the live ones). */
  runs: Record<string, Run>;
  /** Subscribes to `threads.changed` and `run.status`; later calls do nothing. */
  start(): void;
  loadList(agentId: string, query?: string): Promise<void>;
  loadThread(threadId: string): Promise<void>;
  /** A run started in a thread (it joins the thread's list of runs at once). */
  addRun(run: Run): void;
  rename(threadId: string, title: string): Promise<void>;
  setPinned(threadId: string, pinned: boolean): Promise<void>;
  remove(threadId: string): Promise<void>;
  regenerate(threadId: string): Promise<Run>;
  editLast(threadId: string, input: string): Promise<Run>;
}

export const listKey = (agentId: string, query = '') => `${agentId}\u0000${query.trim()}`;

/** Pinned first, then most recently used (as the engine lists them). */
function byPinnedThenRecent(threads: Record<string, ThreadListItem>) {
  return (a: string, b: string) => {
    const x = threads[a];
    const y = threads[b];
    if (!x || !y) return 0;
    return (
      Number(y.pinned) - Number(x.pinned) ||
      y.updatedAt.localeCompare(x.updatedAt) ||
      b.localeCompare(a)
    );
  };
}

export function createThreadsStore(api: ApiClient): StoreApi<ThreadsState> {
  let started = false;
  const generations = new Map<string, number>();
  const nextGeneration = (key: string) => {
    const g = (generations.get(key) ?? 0) + 1;
    generations.set(key, g);
    return g;
  };

  return createStore<ThreadsState>((set, get) => {
    const putThreads = (list: readonly (Thread | ThreadListItem)[]) => {
      const threads = { ...get().threads };
      for (const t of list) threads[t.id] = { runCount: 0, ...threads[t.id], ...t };
      set({ threads });
    };

    const putRuns = (list: readonly Run[]) => {
      const runs = { ...get().runs };
      for (const r of list) if (isNewerRun(runs[r.id], r)) runs[r.id] = r;
      set({ runs });
    };

    const onThreadChanged = (change: EventPayload<'threads.changed'>) => {
      if (change.kind === 'deleted') {
        const lists = { ...get().lists };
        for (const [key, list] of Object.entries(lists))
          lists[key] = { ...list, ids: list.ids.filter((id) => id !== change.id) };
        set({
          lists,
          threads: without(get().threads, change.id),
          details: without(get().details, change.id),
        });
        return;
      }
      const { thread } = change;
      putThreads([thread]);
      // The agent's unfiltered list shows it (or, archived, no longer does), in its place.
      const key = listKey(thread.agentId);
      const list = get().lists[key];
      if (!list) return;
      const ids = list.ids.filter((id) => id !== thread.id);
      if (!thread.archived) ids.push(thread.id);
      set({
        lists: {
          ...get().lists,
          [key]: { ...list, ids: ids.sort(byPinnedThenRecent(get().threads)) },
        },
      });
    };

    const addRun = (run: Run) => {
      if (run.parentRunId || !run.threadId) return;
      putRuns([run]);
      const detail = get().details[run.threadId];
      if (!detail || detail.runIds.includes(run.id)) return;
      set({
        details: {
          ...get().details,
          [run.threadId]: { ...detail, runIds: [...detail.runIds, run.id] },
        },
      });
      const thread = get().threads[run.threadId];
      if (thread) putThreads([{ ...thread, runCount: thread.runCount + 1 }]);
    };

    const replay = async (call: () => Promise<Run>) => {
      const run = await call();
      addRun(run);
      return run;
    };

    return {
      threads: {},
      lists: {},
      details: {},
      runs: {},

      start() {
        if (started) return;
        started = true;
        api.subscribe('threads.changed', onThreadChanged);
        api.subscribe('run.status', (run) => {
          if (run.threadId && get().details[run.threadId]) addRun(run);
          else if (get().runs[run.id]) putRuns([run]);
        });
      },

      async loadList(agentId, query = '') {
        const key = listKey(agentId, query);
        const generation = nextGeneration(`list:${key}`);
        const current = get().lists[key];
        set({
          lists: {
            ...get().lists,
            [key]: { ids: current?.ids ?? [], status: 'loading', error: null },
          },
        });
        try {
          const found = await api.call('threads.list', {
            agentId,
            limit: 200,
            ...(query.trim() ? { query: query.trim() } : {}),
          });
          if (generations.get(`list:${key}`) !== generation) return;
          putThreads(found);
          set({
            lists: {
              ...get().lists,
              [key]: { ids: found.map((t) => t.id), status: 'ready', error: null },
            },
          });
        } catch (error) {
          if (generations.get(`list:${key}`) !== generation) return;
          set({
            lists: {
              ...get().lists,
              [key]: { ids: current?.ids ?? [], status: 'error', error: toAppError(error) },
            },
          });
        }
      },

      async loadThread(threadId) {
        const generation = nextGeneration(`thread:${threadId}`);
        const current = get().details[threadId];
        set({
          details: {
            ...get().details,
            [threadId]: { runIds: current?.runIds ?? [], status: 'loading', error: null },
          },
        });
        try {
          const { thread, runs } = await api.call('threads.get', { threadId });
          if (generations.get(`thread:${threadId}`) !== generation) return;
          putThreads([{ runCount: runs.length, ...get().threads[thread.id], ...thread }]);
          putRuns(runs);
          // Runs that started while it loaded arrived as events: keep them.
          const ids = [
            ...new Set([...runs.map((r) => r.id), ...(get().details[threadId]?.runIds ?? [])]),
          ];
          const all = get().runs;
          ids.sort(
            (a, b) =>
              (all[a]?.createdAt ?? '').localeCompare(all[b]?.createdAt ?? '') ||
              a.localeCompare(b),
          );
          set({
            details: {
              ...get().details,
              [threadId]: { runIds: ids, status: 'ready', error: null },
            },
          });
        } catch (error) {
          if (generations.get(`thread:${threadId}`) !== generation) return;
          set({
            details: {
              ...get().details,
              [threadId]: {
                runIds: current?.runIds ?? [],
                status: 'error',
                error: toAppError(error),
              },
            },
          });
        }
      },

      addRun,

      async rename(threadId, title) {
        putThreads([await api.call('threads.update', { threadId, title })]);
      },

      async setPinned(threadId, pinned) {
        onThreadChanged({
          kind: 'upserted',
          thread: await api.call('threads.update', { threadId, pinned }),
        });
      },

      async remove(threadId) {
        const thread = get().threads[threadId];
        await api.call('threads.delete', { threadId });
        onThreadChanged({ kind: 'deleted', id: threadId, agentId: thread?.agentId ?? '' });
      },

      regenerate: (threadId) => replay(() => api.call('threads.regenerate', { threadId })),
      editLast: (threadId, input) =>
        replay(() => api.call('threads.editLast', { threadId, input })),
    };
  });
}

export const threadsStoreFor = perClient((api) => createThreadsStore(api));

/** Reads the threads store of the window's client; the first use starts it. */
export function useThreads<T>(selector: (state: ThreadsState) => T): T {
  return useStartedStore(threadsStoreFor(useApi()), selector);
}
