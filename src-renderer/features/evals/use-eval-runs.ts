import { useCallback, useEffect, useMemo, useState } from 'react';
import type { EvalRun } from '@shared/entities/eval';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';

/** The runs of a suite, newest first, kept current by `eval.progress`. */
export type EvalRuns = ReturnType<typeof useEvalRuns>;

export function useEvalRuns(suiteId: string) {
  const api = useApi();
  const loaded = useLoader(
    () => api.call('eval.runs.list', { suite: suiteId, limit: 200 }),
    [api, suiteId],
  );
  const [live, setLive] = useState<Record<string, EvalRun>>({});
  useEffect(() => {
    setLive({});
    return api.subscribe('eval.progress', (run) => {
      if (run.suiteId === suiteId) setLive((all) => ({ ...all, [run.id]: run }));
    });
  }, [api, suiteId]);
  const runs = useMemo(() => {
    const byId = new Map((loaded.data ?? []).map((r) => [r.id, r]));
    for (const run of Object.values(live)) byId.set(run.id, run);
    return [...byId.values()].sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
    );
  }, [loaded.data, live]);
  /** A run this window started (its first progress event may come later). */
  const put = useCallback(
    (run: EvalRun) => setLive((all) => (all[run.id] ? all : { ...all, [run.id]: run })),
    [],
  );
  return { runs, loading: loaded.loading, error: loaded.error, reload: loaded.reload, put };
}

/**
 * A run with its results; loads again when the run ends, and while it runs at about every
 * twentieth of its progress (not at each event: a large run sends thousands).
 */
export function useEvalRunDetail(run: EvalRun | undefined) {
  const api = useApi();
  const step = run ? Math.max(1, Math.ceil(run.progress.total / 20)) : 1;
  const stage = run ? Math.floor(run.progress.done / step) : 0;
  return useLoader(
    () => (run ? api.call('eval.runs.get', { runId: run.id }) : Promise.resolve(undefined)),
    [api, run?.id, run?.status, stage],
  );
}
