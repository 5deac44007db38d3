import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, EventPayload } from '@shared/api/index';
import type { KnowledgeBase, KnowledgeBaseInput, KnowledgeBasePatch } from '@shared/api/knowledge';
import type { AppError } from '@shared/errors';
import { perClient, useApi } from '../../api/context';
import { toAppError } from '../../api/core';

type Change = EventPayload<'kb.changed'>;

export interface KnowledgeState {
  byId: Record<string, KnowledgeBase>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  /** Subscribes to `kb.changed` and loads the list; later calls do nothing. */
  start(): void;
  reload(): Promise<void>;
  create(input: KnowledgeBaseInput): Promise<KnowledgeBase>;
  update(id: string, patch: KnowledgeBasePatch, expectedRevision?: number): Promise<KnowledgeBase>;
  remove(id: string): Promise<void>;
}

/**
 * Applies one change. An older revision never replaces a newer one; the same revision does (the
 * counts change with ingestion, without a new revision).
 */
export function applyKbChange(
  byId: Record<string, KnowledgeBase>,
  change: Change,
): Record<string, KnowledgeBase> {
  if (change.kind === 'deleted') {
    if (!(change.id in byId)) return byId;
    const { [change.id]: _gone, ...rest } = byId;
    return rest;
  }
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
  let started = false;
  let generation = 0;
  /** Changes that arrive while the list loads are applied again on top of the loaded list. */
  let buffered: Change[] | null = null;

  return createStore<KnowledgeState>((set, get) => {
    const apply = (change: Change) => {
      buffered?.push(change);
      set((state) => ({ byId: applyKbChange(state.byId, change) }));
    };

    return {
      byId: {},
      status: 'idle',
      error: null,

      start() {
        if (started) return;
        started = true;
        api.subscribe('kb.changed', apply);
        void get().reload();
      },

      async reload() {
        const mine = ++generation;
        buffered = [];
        set({ status: 'loading', error: null });
        try {
          const list = await api.call('kb.list', {});
          if (mine !== generation) return;
          let byId: Record<string, KnowledgeBase> = Object.fromEntries(
            list.map((kb) => [kb.id, kb]),
          );
          for (const change of buffered) byId = applyKbChange(byId, change);
          set({ byId, status: 'ready', error: null });
        } catch (error) {
          if (mine !== generation) return;
          set({ status: 'error', error: toAppError(error) });
        } finally {
          if (mine === generation) buffered = null;
        }
      },

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
        await api.call('kb.delete', { id });
        apply({ kind: 'deleted', id });
      },
    };
  });
}

export const knowledgeStoreFor = perClient(createKnowledgeStore);

/** Reads the knowledge-base store of the window's client; the first use starts it. */
export function useKnowledge<T>(selector: (state: KnowledgeState) => T): T {
  const store = knowledgeStoreFor(useApi());
  useEffect(() => store.getState().start(), [store]);
  return useStore(store, selector);
}
