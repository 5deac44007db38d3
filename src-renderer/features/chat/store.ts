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
  /** The engine has more threads after these (`loadMore` fetches the next page). */
  hasMore: boolean;
  loadingMore: boolean;
}

/** Threads fetched at a time. */
export const THREAD_PAGE = 50;

/** A thread's top-level runs, oldest first. */
export interface ThreadRuns extends Loadable {
  runIds: string[];
}

export interface ThreadsState {
  threads: Record<string, ThreadListItem>;
  /** By `listKey(agentId, query, archived)`. */
  lists: Record<string, ThreadList>;
  details: Record<string, ThreadRuns>;
  /** Top-level run records of the loaded threads (the runs store has the live ones). */
  runs: Record<string, Run>;
  /** Subscribes to `threads.changed` and `run.status`; later calls do nothing. */
  start(): void;
  /** The first page of the agent's threads (matching `query`; with `archived`, archived ones too). */
  loadList(agentId: string, query?: string, archived?: boolean): Promise<void>;
  /** The next page of a loaded list. */
  loadMore(agentId: string, query?: string, archived?: boolean): Promise<void>;
  loadThread(threadId: string): Promise<void>;
  /** A run started in a thread (it joins the thread's list of runs at once). */
  addRun(run: Run): void;
  rename(threadId: string, title: string): Promise<void>;
  setPinned(threadId: string, pinned: boolean): Promise<void>;
  setArchived(threadId: string, archived: boolean): Promise<void>;
  remove(threadId: string): Promise<void>;
  regenerate(threadId: string): Promise<Run>;
  editLast(threadId: string, input: string): Promise<Run>;
}

export const listKey = (agentId: string, query = '', archived = false) =>
  `${agentId}\u0000${query.trim()}${archived ? '\u0000archived' : ''}`;

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
      // The agent's unfiltered lists show it (or, archived, only the one with archived threads
      // does), in its place.
      for (const archived of [false, true]) {
        const key = listKey(thread.agentId, '', archived);
        const list = get().lists[key];
        if (!list) continue;
        const ids = list.ids.filter((id) => id !== thread.id);
        if (archived || !thread.archived) ids.push(thread.id);
        set({
          lists: {
            ...get().lists,
            [key]: { ...list, ids: ids.sort(byPinnedThenRecent(get().threads)) },
          },
        });
      }
    };

    const putList = (key: string, patch: Partial<ThreadList>) => {
      const current = get().lists[key];
      set({
        lists: {
          ...get().lists,
          [key]: {
            ids: [],
            status: 'loading',
            error: null,
            hasMore: false,
            loadingMore: false,
            ...current,
            ...patch,
          },
        },
      });
    };

    /** A page of threads from `offset` (one more than a page is asked for, to tell if more follow). */
    const fetchPage = async (agentId: string, query: string, archived: boolean, offset: number) => {
      const found = await api.call('threads.list', {
        agentId,
        limit: THREAD_PAGE + 1,
        ...(offset ? { offset } : {}),
        ...(archived ? { includeArchived: true } : {}),
        ...(query.trim() ? { query: query.trim() } : {}),
      });
      return { page: found.slice(0, THREAD_PAGE), hasMore: found.length > THREAD_PAGE };
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

      async loadList(agentId, query = '', archived = false) {
        const key = listKey(agentId, query, archived);
        const generation = nextGeneration(`list:${key}`);
        putList(key, { status: 'loading', error: null, loadingMore: false });
        try {
          const { page, hasMore } = await fetchPage(agentId, query, archived, 0);
          if (generations.get(`list:${key}`) !== generation) return;
          putThreads(page);
          putList(key, { ids: page.map((t) => t.id), status: 'ready', error: null, hasMore });
        } catch (error) {
          if (generations.get(`list:${key}`) !== generation) return;
          putList(key, { status: 'error', error: toAppError(error) });
        }
      },

      async loadMore(agentId, query = '', archived = false) {
        const key = listKey(agentId, query, archived);
        const current = get().lists[key];
        if (!current || current.status !== 'ready' || current.loadingMore || !current.hasMore)
          return;
        const generation = nextGeneration(`list:${key}`);
        putList(key, { loadingMore: true });
        try {
          // The list keeps up with changes as they happen, so its length is where the next page starts.
          const { page, hasMore } = await fetchPage(agentId, query, archived, current.ids.length);
          if (generations.get(`list:${key}`) !== generation) return;
          putThreads(page);
          const ids = get().lists[key]?.ids ?? [];
          const added = page.map((t) => t.id).filter((id) => !ids.includes(id));
          putList(key, { ids: [...ids, ...added], hasMore, loadingMore: false });
        } catch (error) {
          if (generations.get(`list:${key}`) !== generation) return;
          putList(key, { status: 'error', error: toAppError(error), loadingMore: false });
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

      async setArchived(threadId, archived) {
        onThreadChanged({
          kind: 'upserted',
          thread: await api.call('threads.update', { threadId, archived }),
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
