import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AttachmentRef } from '@shared/entities/attachment';
import type { RunOptions } from '@shared/api/runs';
import type { ApiClient } from '@shared/api/index';
import {
  isFinalRunStatus,
  type ApprovalDecision,
  type Run,
  type TraceEvent,
} from '@shared/entities/run';
import type { AppError } from '@shared/errors';
import { perClient, useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { useStartedStore, without } from '../../api/entity-list-store';
import { groupByRun, isNewerRun, mergeEvents } from './merge';

export interface Loadable {
  status: 'loading' | 'ready' | 'error';
  error: AppError | null;
}

/** Top-level runs of one agent (or of all agents, key ''), newest first. */
export interface RunHistory extends Loadable {
  ids: string[];
  /** More runs may be older than the last one listed. */
  more: boolean;
}

export interface RunsState {
  /** Every run record seen (from lists, traces and `run.status`). */
  runs: Record<string, Run>;
  /** Trace events of the watched runs and the runs they delegated to, by run id, in seq order. */
  events: Record<string, TraceEvent[]>;
  /** The loading of each watched run's stored trace. */
  traces: Record<string, Loadable>;
  history: Record<string, RunHistory>;
  /** Subscribes to `run.event` and `run.status`; later calls do nothing. */
  start(): void;
  /** Loads a run's stored trace (with its child runs) and keeps its live events from now on. */
  watch(runId: string): Promise<void>;
  /** Lists an agent's top-level runs (null: every agent's); `more` appends older ones. */
  loadHistory(agentId: string | null, more?: boolean): Promise<void>;
  /** After a reconnect: reloads the lists and the traces of runs still going on. */
  resync(): void;
  /** `attachments`: files for the message (uploaded ones by id, or paths in the desktop app). */
  startRun(agentId: string, input: string, options?: RunOptions, attachments?: AttachmentRef[]): Promise<Run>;
  cancel(runId: string): Promise<Run>;
  approve(runId: string, callId: string, decision: ApprovalDecision): Promise<Run>;
}

export interface RunsStoreOptions {
  /** Live events are applied in batches at most this often (ms). */
  flushMs?: number;
  /** Traces kept in memory; the least recently opened finished ones are dropped beyond it. */
  maxTraces?: number;
  pageSize?: number;
}

const historyKey = (agentId: string | null) => agentId ?? '';

function byNewest(runs: Record<string, Run>) {
  return (a: string, b: string) =>
    (runs[b]?.createdAt ?? '').localeCompare(runs[a]?.createdAt ?? '') || a.localeCompare(b);
}

export function createRunsStore(
  api: ApiClient,
  options: RunsStoreOptions = {},
): StoreApi<RunsState> {
  const flushMs = options.flushMs ?? 16;
  const maxTraces = options.maxTraces ?? 20;
  const pageSize = options.pageSize ?? 50;
  let started = false;
  /** Runs whose events are kept, each with the root run it was watched for. */
  const rootOf = new Map<string, string>();
  /** Watched root runs, least recently opened first. */
  const roots: string[] = [];
  const generations = new Map<string, number>();
  let pending: TraceEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  return createStore<RunsState>((set, get) => {
    const setRuns = (list: readonly Run[]) => {
      const runs = get().runs;
      const fresh = list.filter((run) => isNewerRun(runs[run.id], run));
      if (!fresh.length) return;
      const next = { ...runs };
      for (const run of fresh) next[run.id] = run;
      set({ runs: next });
    };

    /** Adds top-level runs to the loaded lists they belong to. */
    const addToHistory = (run: Run) => {
      if (run.parentRunId) return;
      const { history, runs } = get();
      let changed = false;
      const next = { ...history };
      for (const key of [run.agentId, '']) {
        const list = history[key];
        if (!list || list.ids.includes(run.id)) continue;
        next[key] = { ...list, ids: [run.id, ...list.ids].sort(byNewest(runs)) };
        changed = true;
      }
      if (changed) set({ history: next });
    };

    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      if (!batch.length) return;
      const events = { ...get().events };
      for (const [runId, list] of groupByRun(batch)) {
        if (rootOf.has(runId)) events[runId] = mergeEvents(events[runId], list);
      }
      set({ events });
    };

    const adopt = (runId: string, parentRunId: string | null) => {
      if (rootOf.has(runId)) return true;
      const root = parentRunId ? rootOf.get(parentRunId) : undefined;
      if (!root) return false;
      rootOf.set(runId, root);
      return true;
    };

    const onEvent = (event: TraceEvent) => {
      if (!adopt(event.runId, event.parentRunId)) return;
      pending.push(event);
      timer ??= setTimeout(flush, flushMs);
    };

    const onStatus = (run: Run) => {
      adopt(run.id, run.parentRunId);
      setRuns([run]);
      addToHistory(get().runs[run.id] ?? run);
    };

    /** Drops the least recently opened finished traces beyond the limit. */
    const evict = () => {
      while (roots.length > maxTraces) {
        const index = roots.findIndex((id) => {
          const run = get().runs[id];
          return !run || isFinalRunStatus(run.status);
        });
        if (index < 0 || index >= roots.length - 1) return;
        const [root] = roots.splice(index, 1);
        const events = { ...get().events };
        for (const [id, r] of [...rootOf]) {
          if (r !== root) continue;
          rootOf.delete(id);
          delete events[id];
        }
        set({ events, traces: without(get().traces, root!) });
      }
    };

    const loadTrace = async (runId: string) => {
      const generation = (generations.get(runId) ?? 0) + 1;
      generations.set(runId, generation);
      set({ traces: { ...get().traces, [runId]: { status: 'loading', error: null } } });
      try {
        const trace = await api.call('runs.trace', { runId });
        if (generations.get(runId) !== generation || !rootOf.has(runId)) return;
        for (const run of trace.runs) if (!rootOf.has(run.id)) rootOf.set(run.id, runId);
        setRuns(trace.runs);
        const events = { ...get().events };
        for (const [id, list] of groupByRun(trace.events))
          events[id] = mergeEvents(events[id], list);
        set({ events, traces: { ...get().traces, [runId]: { status: 'ready', error: null } } });
      } catch (error) {
        if (generations.get(runId) !== generation) return;
        set({
          traces: { ...get().traces, [runId]: { status: 'error', error: toAppError(error) } },
        });
      }
    };

    return {
      runs: {},
      events: {},
      traces: {},
      history: {},

      start() {
        if (started) return;
        started = true;
        api.subscribe('run.event', onEvent);
        api.subscribe('run.status', onStatus);
      },

      async watch(runId) {
        const index = roots.indexOf(runId);
        if (index >= 0) roots.splice(index, 1);
        roots.push(runId);
        if (!rootOf.has(runId)) rootOf.set(runId, runId);
        evict();
        const trace = get().traces[runId];
        if (trace && trace.status !== 'error') return;
        await loadTrace(runId);
      },

      async loadHistory(agentId, more = false) {
        const key = historyKey(agentId);
        const current = get().history[key];
        const last = more ? current?.ids.at(-1) : undefined;
        const before = last ? get().runs[last]?.createdAt : undefined;
        const generation = (generations.get(`history:${key}`) ?? 0) + 1;
        generations.set(`history:${key}`, generation);
        set({
          history: {
            ...get().history,
            [key]: {
              ids: current?.ids ?? [],
              more: current?.more ?? false,
              status: 'loading',
              error: null,
            },
          },
        });
        try {
          const list = await api.call('runs.list', {
            parentRunId: null,
            limit: pageSize,
            ...(agentId ? { agentId } : {}),
            ...(before ? { before } : {}),
          });
          if (generations.get(`history:${key}`) !== generation) return;
          setRuns(list);
          // Runs that started while the list loaded arrived as events: keep them.
          const kept = get().history[key]?.ids ?? [];
          const ids = [...new Set([...kept, ...list.map((r) => r.id)])].sort(byNewest(get().runs));
          set({
            history: {
              ...get().history,
              [key]: { ids, more: list.length === pageSize, status: 'ready', error: null },
            },
          });
        } catch (error) {
          if (generations.get(`history:${key}`) !== generation) return;
          set({
            history: {
              ...get().history,
              [key]: {
                ids: current?.ids ?? [],
                more: current?.more ?? false,
                status: 'error',
                error: toAppError(error),
              },
            },
          });
        }
      },

      resync() {
        for (const key of Object.keys(get().history)) void get().loadHistory(key || null);
        for (const root of roots) {
          const run = get().runs[root];
          if (!run || !isFinalRunStatus(run.status)) void loadTrace(root);
        }
      },

      async startRun(agentId, input, runOptions = {}, attachments = []) {
        const run = await api.call('runs.start', { agent: agentId, input, options: runOptions, ...(attachments.length ? { attachments } : {}) });
        setRuns([run]);
        addToHistory(run);
        void get().watch(run.id);
        return run;
      },

      async cancel(runId) {
        const run = await api.call('runs.cancel', { runId });
        setRuns([run]);
        return run;
      },

      async approve(runId, callId, decision) {
        const run = await api.call('runs.approve', { runId, callId, decision });
        setRuns([run]);
        return run;
      },
    };
  });
}

export const runsStoreFor = perClient((api) => createRunsStore(api));

/** Reads the runs store of the window's client; the first use starts it. */
export function useRuns<T>(selector: (state: RunsState) => T): T {
  return useStartedStore(runsStoreFor(useApi()), selector);
}
