import { useEffect, useMemo, useState } from 'react';
import type { AutomationRun } from '@shared/entities/automation';
import { useApi } from '../../api/context';
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

/** An automation's history, newest first: loaded, then kept current by `automations.run`. */
export function useAutomationHistory(automationId: string, limit = 100) {
  const api = useApi();
  const loaded = useLoader(
    () => api.call('automations.history', { automation: automationId, limit }),
    [api, automationId, limit],
  );
  const [live, setLive] = useState<AutomationRun[]>([]);
  useEffect(() => {
    setLive([]);
    return api.subscribe('automations.run', (run) => {
      if (run.automationId === automationId) setLive((current) => newestFirst(current, [run]));
    });
  }, [api, automationId]);
  const records = useMemo(() => newestFirst(loaded.data ?? [], live), [loaded.data, live]);
  return {
    records,
    error: loaded.error,
    loading: loaded.loading && !loaded.data,
    reload: loaded.reload,
  };
}
