import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient, EventPayload, MethodInput } from '@shared/api/index';
import type { Automation, AutomationConfigInput, AutomationRun } from '@shared/entities/automation';
import { perClient, useApi } from '../../api/context';
import {
  createEntityListStore,
  sortByName,
  useEntityList,
  useStartedStore,
  without,
  type EntityListState,
} from '../../api/entity-list-store';

type Change = EventPayload<'automations.changed'>;
export type AutomationPatch = MethodInput<'automations.update'>['patch'];

interface AutomationActions {
  create(input: AutomationConfigInput): Promise<Automation>;
  update(id: string, patch: AutomationPatch): Promise<Automation>;
  remove(id: string): Promise<void>;
  pause(id: string): Promise<Automation>;
  resume(id: string): Promise<Automation>;
  runNow(id: string): Promise<AutomationRun>;
}

/** The automations, kept current by `automations.changed` (and their last result by `automations.run`). */
export type AutomationsState = EntityListState<Automation> & AutomationActions;

/** Applies one change; an older version never replaces a newer one. */
export function applyChange(
  byId: Record<string, Automation>,
  change: Change,
): Record<string, Automation> {
  if (change.kind === 'deleted') return without(byId, change.id);
  const current = byId[change.automation.id];
  if (current && current.updatedAt > change.automation.updatedAt) return byId;
  return { ...byId, [change.automation.id]: change.automation };
}

/** A fire's record as the automation's last result, when it is that or newer. */
export function withLastRun(
  byId: Record<string, Automation>,
  run: AutomationRun,
): Record<string, Automation> {
  const current = byId[run.automationId];
  if (!current) return byId;
  const last = current.lastRun;
  if (last && last.id !== run.id && last.createdAt > run.createdAt) return byId;
  return { ...byId, [current.id]: { ...current, lastRun: run } };
}

export const sortAutomations: (byId: Record<string, Automation>) => Automation[] = sortByName;

export function createAutomationsStore(api: ApiClient): StoreApi<AutomationsState> {
  return createEntityListStore<Automation, Change, AutomationActions>(
    {
      load: () => api.call('automations.list', {}),
      idOf: (automation) => automation.id,
      applyChange,
      subscribe: ({ apply, set }) => {
        api.subscribe('automations.changed', apply);
        api.subscribe('automations.run', (run) => set((s) => ({ byId: withLastRun(s.byId, run) })));
      },
    },
    ({ apply }) => {
      const upsert = (automation: Automation) => {
        apply({ kind: 'upserted', automation });
        return automation;
      };
      return {
        create: async (input) => upsert(await api.call('automations.create', input)),
        update: async (id, patch) =>
          upsert(await api.call('automations.update', { automation: id, patch })),
        async remove(id) {
          await api.call('automations.delete', { automation: id });
          apply({ kind: 'deleted', id });
        },
        pause: async (id) => upsert(await api.call('automations.pause', { automation: id })),
        resume: async (id) => upsert(await api.call('automations.resume', { automation: id })),
        runNow: (id) => api.call('automations.run', { automation: id }),
      };
    },
  );
}

export const automationsStoreFor = perClient(createAutomationsStore);

export function useAutomations<T>(selector: (state: AutomationsState) => T): T {
  return useStartedStore(automationsStoreFor(useApi()), selector);
}

/** The automations by name, with how their loading stands. */
export function useAutomationList() {
  const { list: automations, ...rest } = useEntityList(
    automationsStoreFor(useApi()),
    sortAutomations,
  );
  return { automations, ...rest };
}
