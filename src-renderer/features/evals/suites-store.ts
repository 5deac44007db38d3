import { useMemo } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '@shared/api/index';
import type { Suite } from '@shared/entities/eval';
import { perClient, useApi } from '../../api/context';
import {
  createEntityListStore,
  useStartedStore,
  without,
  type EntityListState,
} from '../../api/entity-list-store';

type Change = { kind: 'upserted'; suite: Suite } | { kind: 'deleted'; id: string };
type Format = 'yaml' | 'json';

interface SuiteActions {
  importSuite(content: string, format: Format, replace?: boolean): Promise<Suite>;
  update(suite: string, content: string, format: Format): Promise<Suite>;
  remove(suite: string): Promise<void>;
  /** A suite changed elsewhere (a case saved from the chat, the guide's samples). */
  put(suite: Suite): void;
}

export type SuitesState = EntityListState<Suite> & SuiteActions;

function applyChange(byId: Record<string, Suite>, change: Change): Record<string, Suite> {
  return change.kind === 'deleted'
    ? without(byId, change.id)
    : { ...byId, [change.suite.id]: change.suite };
}

/** The evaluation suites (no event tells of changes: actions apply their results). */
export function createSuitesStore(api: ApiClient): StoreApi<SuitesState> {
  return createEntityListStore<Suite, Change, SuiteActions>(
    {
      load: () => api.call('eval.suites.list', {}),
      idOf: (suite) => suite.id,
      applyChange,
      subscribe: () => {},
    },
    ({ apply }) => {
      const upsert = (suite: Suite) => {
        apply({ kind: 'upserted', suite });
        return suite;
      };
      return {
        importSuite: async (content, format, replace = false) =>
          upsert(await api.call('eval.suites.import', { content, format, replace })),
        update: async (suite, content, format) =>
          upsert(await api.call('eval.suites.update', { suite, content, format })),
        async remove(suite) {
          await api.call('eval.suites.delete', { suite });
          apply({ kind: 'deleted', id: suite });
        },
        put: (suite) => void upsert(suite),
      };
    },
  );
}

export const suitesStoreFor = perClient(createSuitesStore);

export function useSuites<T>(selector: (state: SuitesState) => T): T {
  return useStartedStore(suitesStoreFor(useApi()), selector);
}

/** The suites by name, with how their loading stands. */
export function useSuiteList() {
  const byId = useSuites((s) => s.byId);
  const status = useSuites((s) => s.status);
  const error = useSuites((s) => s.error);
  const reload = useSuites((s) => s.reload);
  const suites = useMemo(
    () =>
      Object.values(byId).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    [byId],
  );
  return { suites, byId, status, error, reload };
}
