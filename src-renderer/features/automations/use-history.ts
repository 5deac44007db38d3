import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AutomationRun } from '@shared/entities/automation';
import type { AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { useLoader } from '../../api/use-loader';

/** Records or items newest first (by when they were made, then id); later lists' versions win. */
export function newestFirst<T extends { id: string; createdAt: string }>(
  ...lists: readonly (readonly T[])[]
): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) for (const entry of list) byId.set(entry.id, entry);
  return [...byId.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  );
}

interface Older {
  records: AutomationRun[];
  /** The last page was full: there may be more before it. */
  more: boolean;
  loading: boolean;
  error: AppError | null;
}

const noOlder: Older = { records: [], more: true, loading: false, error: null };

/**
 * An automation's history, newest first: its latest `limit` records, then kept current by
 * `automations.run` (new records arrive at the top, changed ones change in place); `loadOlder`
 * pages back `limit` records at a time from the oldest shown (`before` its time).
 */
export function useAutomationHistory(automationId: string, limit = 100) {
  const api = useApi();
  const loaded = useLoader(
    () => api.call('automations.history', { automation: automationId, limit }),
    [api, automationId, limit],
  );
  const [live, setLive] = useState<AutomationRun[]>([]);
  const [older, setOlder] = useState<Older>(noOlder);
  useEffect(() => {
    setLive([]);
    return api.subscribe('automations.run', (run) => {
      if (run.automationId === automationId) setLive((current) => newestFirst(current, [run]));
    });
  }, [api, automationId]);
  // A new first page (another automation, a reload, a reconnect) starts the paging afresh.
  const generation = useRef(0);
  useEffect(() => {
    generation.current += 1;
    setOlder(noOlder);
  }, [loaded.data]);

  const records = useMemo(
    () => newestFirst(loaded.data ?? [], older.records, live),
    [loaded.data, older.records, live],
  );
  // Paged from the oldest record of the pages (a live change of an older record is no page).
  const oldest = (older.records.at(-1) ?? loaded.data?.at(-1))?.createdAt;
  const loadOlder = useCallback(async () => {
    if (!oldest) return;
    const mine = generation.current;
    setOlder((o) => ({ ...o, loading: true, error: null }));
    try {
      // One millisecond past the oldest: the store keeps finer times than the ISO strings, so
      // records of the same millisecond not shown yet come too (those shown merge by id).
      const before = new Date(Date.parse(oldest) + 1).toISOString();
      const page = await api.call('automations.history', {
        automation: automationId,
        limit,
        before,
      });
      if (mine !== generation.current) return;
      setOlder((o) => ({
        records: [...o.records, ...page],
        more: page.length === limit,
        loading: false,
        error: null,
      }));
    } catch (caught) {
      if (mine !== generation.current) return;
      setOlder((o) => ({ ...o, loading: false, error: toAppError(caught) }));
    }
  }, [api, automationId, limit, oldest]);

  return {
    records,
    error: loaded.error,
    loading: loaded.loading && !loaded.data,
    reload: loaded.reload,
    /** Whether "Load older" can find more (the first page and the last older page were full). */
    hasOlder: (loaded.data?.length ?? 0) >= limit && older.more,
    loadingOlder: older.loading,
    olderError: older.error,
    loadOlder,
  };
}
