import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '@shared/api/index';
import type {
  ApprovalDecision,
  ApprovalRequest,
  McpServerInput,
  McpServerPatch,
  McpServerStatus,
  McpServerView,
} from '@shared/entities/mcp';
import type { AppError } from '@shared/errors';
import { perClient, useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import {
  createEntityListStore,
  useStartedStore,
  without,
  type EntityListState,
} from '../../api/entity-list-store';

export type ServerAction = 'start' | 'stop' | 'restart';

interface McpExtras {
  /** Approval requests waiting for the user's answer, oldest first. */
  approvals: ApprovalRequest[];
  /** The start/stop/restart in flight per server. */
  pending: Record<string, ServerAction | undefined>;
  /** Why the last start/stop/restart of a server failed. */
  actionErrors: Record<string, AppError | undefined>;
  create(input: McpServerInput): Promise<McpServerView>;
  update(id: string, patch: McpServerPatch): Promise<McpServerView>;
  /** Shows servers that another call returned (an import). */
  remember(views: readonly McpServerView[]): void;
  remove(id: string): Promise<void>;
  /** Starts, stops or restarts a server; a failure lands in `actionErrors`, never throws. */
  control(id: string, action: ServerAction): Promise<void>;
  clearActionError(id: string): void;
  /** Answers an approval request; one that is no longer waiting is dropped silently. */
  respond(requestId: string, decision: ApprovalDecision): Promise<void>;
}

/** The MCP servers (kept current by `mcp.server.state`) and the approval requests waiting. */
export type McpState = EntityListState<McpServerView> & McpExtras;

type Change =
  | { kind: 'status'; status: McpServerStatus }
  | { kind: 'view'; view: McpServerView }
  | { kind: 'deleted'; id: string };

/** Applies a status when it is not older than the one shown (status changes carry `since`). */
export function applyStatus(
  byId: Record<string, McpServerView>,
  status: McpServerStatus,
): Record<string, McpServerView> {
  const current = byId[status.serverId];
  if (!current || current.status.since > status.since) return byId;
  return { ...byId, [status.serverId]: { ...current, status } };
}

/** Applies a server (config and status), never replacing newer data with older. */
export function applyView(
  byId: Record<string, McpServerView>,
  view: McpServerView,
): Record<string, McpServerView> {
  const current = byId[view.server.id];
  if (!current) return { ...byId, [view.server.id]: view };
  const server = current.server.updatedAt > view.server.updatedAt ? current.server : view.server;
  const status = current.status.since > view.status.since ? current.status : view.status;
  return { ...byId, [view.server.id]: { server, status } };
}

function applyChange(byId: Record<string, McpServerView>, change: Change) {
  if (change.kind === 'deleted') return without(byId, change.id);
  return change.kind === 'status' ? applyStatus(byId, change.status) : applyView(byId, change.view);
}

/** Servers by name, for the list. */
export function sortServers(byId: Record<string, McpServerView>): McpServerView[] {
  return Object.values(byId).sort(
    (a, b) => a.server.name.localeCompare(b.server.name) || a.server.id.localeCompare(b.server.id),
  );
}

export function createMcpStore(api: ApiClient): StoreApi<McpState> {
  /** Servers being fetched because an event named one the list does not have yet. */
  const fetching = new Set<string>();

  return createEntityListStore<McpServerView, Change, McpExtras>(
    {
      load: () => api.call('mcp.servers.list', {}),
      idOf: (view) => view.server.id,
      applyChange,
      subscribe({ set, get, apply }) {
        /** A server created elsewhere (another window, the CLI) shows up first as a state event. */
        const fetchUnknown = (id: string) => {
          if (fetching.has(id) || get().byId[id]) return;
          fetching.add(id);
          api.call('mcp.servers.get', { id }).then(
            (view) => {
              fetching.delete(id);
              apply({ kind: 'view', view });
            },
            () => fetching.delete(id),
          );
        };
        api.subscribe('mcp.server.state', (status) => {
          if (!get().byId[status.serverId] && get().status === 'ready')
            fetchUnknown(status.serverId);
          apply({ kind: 'status', status });
        });
        api.subscribe('mcp.approval.requested', (request) =>
          set((state) =>
            state.approvals.some((r) => r.id === request.id)
              ? state
              : { approvals: [...state.approvals, request] },
          ),
        );
        // Answered elsewhere (the CLI, another window), timed out or cancelled: it stops asking here.
        api.subscribe('mcp.approval.resolved', ({ id }) =>
          set((state) =>
            state.approvals.some((r) => r.id === id)
              ? { approvals: state.approvals.filter((r) => r.id !== id) }
              : state,
          ),
        );
      },
    },
    ({ set, apply }) => {
      /** Through `apply`, so a list load still on its way does not bring the server back. */
      const forget = (id: string) => {
        apply({ kind: 'deleted', id });
        set((state) => ({
          pending: without(state.pending, id),
          actionErrors: without(state.actionErrors, id),
        }));
      };

      const dropApproval = (requestId: string) =>
        set((state) => ({ approvals: state.approvals.filter((r) => r.id !== requestId) }));

      /** A server that is gone elsewhere disappears from the list when a call says so. */
      const settleError = (id: string, error: unknown): AppError => {
        const appError = toAppError(error);
        if (appError.code === 'NOT_FOUND') forget(id);
        return appError;
      };

      return {
        approvals: [],
        pending: {},
        actionErrors: {},

        async create(input) {
          const view = await api.call('mcp.servers.create', input);
          apply({ kind: 'view', view });
          return view;
        },

        async update(id, patch) {
          try {
            const view = await api.call('mcp.servers.update', { id, patch });
            apply({ kind: 'view', view });
            return view;
          } catch (error) {
            throw settleError(id, error);
          }
        },

        remember(views) {
          for (const view of views) apply({ kind: 'view', view });
        },

        async remove(id) {
          try {
            // The confirmation showed the agents that use it (AgentsUsing): they keep it as missing.
            await api.call('mcp.servers.delete', { id, force: true });
          } catch (error) {
            if (settleError(id, error).code !== 'NOT_FOUND') throw error;
          }
          forget(id);
        },

        async control(id, action) {
          set((state) => ({
            pending: { ...state.pending, [id]: action },
            actionErrors: without(state.actionErrors, id),
          }));
          try {
            const status = await api.call(`mcp.servers.${action}`, { id });
            apply({ kind: 'status', status });
          } catch (error) {
            const appError = settleError(id, error);
            // Stopping a server while it starts cancels the start: that is what the user asked for.
            if (appError.code !== 'CANCELLED' && appError.code !== 'NOT_FOUND') {
              set((state) => ({ actionErrors: { ...state.actionErrors, [id]: appError } }));
            }
          } finally {
            set((state) =>
              state.pending[id] === action ? { pending: without(state.pending, id) } : state,
            );
          }
        },

        clearActionError(id) {
          set((state) => ({ actionErrors: without(state.actionErrors, id) }));
        },

        async respond(requestId, decision) {
          try {
            await api.call('approvals.respond', { id: requestId, decision });
          } catch (error) {
            if (toAppError(error).code !== 'NOT_FOUND') throw error;
          }
          dropApproval(requestId);
        },
      };
    },
  );
}

export const mcpStoreFor = perClient(createMcpStore);

/** Reads the MCP store of the window's client; the first use starts it. */
export function useMcp<T>(selector: (state: McpState) => T): T {
  return useStartedStore(mcpStoreFor(useApi()), selector);
}
