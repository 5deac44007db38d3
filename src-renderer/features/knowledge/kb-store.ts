import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient, EventPayload } from '@shared/api/index';
import type { KnowledgeBase, KnowledgeBaseInput, KnowledgeBasePatch } from '@shared/api/knowledge';
import { perClient, useApi } from '../../api/context';
import {
  createEntityListStore,
  useStartedStore,
  without,
  type EntityListState,
} from '../../api/entity-list-store';

type Change = EventPayload<'kb.changed'>;

interface KnowledgeActions {
  create(input: KnowledgeBaseInput): Promise<KnowledgeBase>;
  update(id: string, patch: KnowledgeBasePatch, expectedRevision?: number): Promise<KnowledgeBase>;
  remove(id: string): Promise<void>;
}

/** The knowledge bases, kept current by `kb.changed`. */
export type KnowledgeState = EntityListState<KnowledgeBase> & KnowledgeActions;

/**
 * Applies one change. An older revision never replaces a newer one; the same revision does (the
 * counts change with ingestion, without a new revision).
 */
export function applyKbChange(
  byId: Record<string, KnowledgeBase>,
  change: Change,
): Record<string, KnowledgeBase> {
  if (change.kind === 'deleted') return without(byId, change.id);
  const kb = change.knowledgeBase;
  const current = byId[kb.id];
  if (current && (current.revision > kb.revision || current.updatedAt > kb.updatedAt)) return byId;
  return { ...byId, [kb.id]: kb };
}

/** Knowledge bases by name, for the list. */
export function sortKnowledgeBases(byId: Record<string, KnowledgeBase>): KnowledgeBase[] {
  return Object.values(byId).sort(
    (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
}

export function createKnowledgeStore(api: ApiClient): StoreApi<KnowledgeState> {
  return createEntityListStore<KnowledgeBase, Change, KnowledgeActions>(
    {
      load: () => api.call('kb.list', {}),
      idOf: (kb) => kb.id,
      applyChange: applyKbChange,
      subscribe: ({ apply }) => api.subscribe('kb.changed', apply),
    },
    ({ apply }) => ({
      async create(input) {
        const knowledgeBase = await api.call('kb.create', input);
        apply({ kind: 'upserted', knowledgeBase });
        return knowledgeBase;
      },

      async update(id, patch, expectedRevision) {
        const knowledgeBase = await api.call('kb.update', {
          id,
          patch,
          ...(expectedRevision === undefined ? {} : { expectedRevision }),
        });
        apply({ kind: 'upserted', knowledgeBase });
        return knowledgeBase;
      },

      async remove(id) {
        // The confirmation showed the agents that use it (AgentsUsing): they keep it as missing.
        await api.call('kb.delete', { id, force: true });
        apply({ kind: 'deleted', id });
      },
    }),
  );
}

export const knowledgeStoreFor = perClient(createKnowledgeStore);

/** Reads the knowledge-base store of the window's client; the first use starts it. */
export function useKnowledge<T>(selector: (state: KnowledgeState) => T): T {
  return useStartedStore(knowledgeStoreFor(useApi()), selector);
}
