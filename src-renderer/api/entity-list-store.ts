import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '@shared/errors';
import { toAppError } from './core';

/** A list of entities by id, loaded once and then kept current by change events. */
export interface EntityListState<T> {
  byId: Record<string, T>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  /** Subscribes to the change events and loads the list; later calls do nothing. */
  start(): void;
  /** Loads the list again (after a reconnect, or to retry). */
  reload(): Promise<void>;
}

export interface EntityListContext<C, S> {
  set: StoreApi<S>['setState'];
  get: StoreApi<S>['getState'];
  /** Applies one change now, and again on top of a list that is loading when it arrives. */
  apply(change: C): void;
}

export interface EntityListOptions<T, C, S> {
  /** Fetches the whole list. */
  load(): Promise<readonly T[]>;
  idOf(item: T): string;
  /** Applies one change; an older revision never replaces a newer one. */
  applyChange(byId: Record<string, T>, change: C): Record<string, T>;
  /** Subscribes to the events that carry changes (once, from `start`). */
  subscribe(context: EntityListContext<C, S>): void;
}

/**
 * A store of an entity list: `start` subscribes and loads; changes that arrive while the list
 * loads are applied again on top of it, and a load that a newer `reload` overtook is dropped.
 * `extend` adds the feature's own state and actions (create, update, …), which report their
 * results through `apply`.
 */
export function createEntityListStore<T, C, X extends object>(
  options: EntityListOptions<T, C, EntityListState<T> & X>,
  extend: (context: EntityListContext<C, EntityListState<T> & X>) => X,
): StoreApi<EntityListState<T> & X> {
  type S = EntityListState<T> & X;
  let started = false;
  let generation = 0;
  let buffered: C[] | null = null;

  return createStore<S>((set, get) => {
    // The list's own fields are not in X, so setting them alone is a valid partial state.
    const setList = set as unknown as StoreApi<EntityListState<T>>['setState'];
    const apply = (change: C) => {
      buffered?.push(change);
      setList((state) => ({ byId: options.applyChange(state.byId, change) }));
    };
    const context: EntityListContext<C, S> = { set, get, apply };

    const list: EntityListState<T> = {
      byId: {},
      status: 'idle',
      error: null,

      start() {
        if (started) return;
        started = true;
        options.subscribe(context);
        void get().reload();
      },

      async reload() {
        const mine = ++generation;
        buffered = [];
        setList({ status: 'loading', error: null });
        try {
          const items = await options.load();
          if (mine !== generation) return;
          let byId: Record<string, T> = Object.fromEntries(
            items.map((item) => [options.idOf(item), item]),
          );
          for (const change of buffered) byId = options.applyChange(byId, change);
          setList({ byId, status: 'ready', error: null });
        } catch (error) {
          if (mine !== generation) return;
          setList({ status: 'error', error: toAppError(error) });
        } finally {
          if (mine === generation) buffered = null;
        }
      },
    };
    return { ...list, ...extend(context) };
  });
}

/** `record` without `key` (the same object when it has no such key). */
/** Entities by name, then id (for lists). */
export function sortByName<T extends { name: string; id: string }>(byId: Record<string, T>): T[] {
  return Object.values(byId).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/** Reads a store that starts on first use (an entity list store), from a component. */
export function useStartedStore<S extends { start(): void }, R>(
  store: StoreApi<S>,
  selector: (state: S) => R,
): R {
  useEffect(() => store.getState().start(), [store]);
  return useStore(store, selector);
}

/**
 * A list store's entities in `sort`'s order, with how their loading stands (for pages that list
 * or pick them); the first use starts the store. `sort` should be a stable function.
 */
export function useEntityList<T, S extends EntityListState<T>>(
  store: StoreApi<S>,
  sort: (byId: Record<string, T>) => T[],
) {
  const byId = useStartedStore(store, (s) => s.byId);
  const status = useStore(store, (s) => s.status);
  const error = useStore(store, (s) => s.error);
  const reload = useStore(store, (s) => s.reload);
  const list = useMemo(() => sort(byId), [byId, sort]);
  return { list, byId, status, error, reload };
}
