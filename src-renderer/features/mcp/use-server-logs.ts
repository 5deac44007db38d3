import { useEffect, useState } from 'react';
import type { McpLogEntry } from '@shared/entities/mcp';
import type { AppError } from '@shared/errors';
import { useReconnected } from '../../api/connection';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';

/** As many lines as the engine's ring buffer keeps per server. */
export const LOG_CAPACITY = 1000;

/** Adds entries to a log by seq: duplicates dropped, in order, the oldest beyond `capacity` dropped. */
export function mergeLogs(
  current: readonly McpLogEntry[],
  incoming: readonly McpLogEntry[],
  capacity = LOG_CAPACITY,
): McpLogEntry[] {
  if (!incoming.length) return current as McpLogEntry[];
  const last = current.at(-1)?.seq ?? -1;
  // The usual case: newer lines arrive in order.
  const merged =
    incoming[0]!.seq > last
      ? [...current, ...incoming]
      : [...new Map([...current, ...incoming].map((e) => [e.seq, e])).values()].sort(
          (a, b) => a.seq - b.seq,
        );
  return merged.length > capacity ? merged.slice(merged.length - capacity) : merged;
}

/** A server's log: what the engine kept, then new lines live from `mcp.server.log`. */
export function useServerLogs(serverId: string): {
  entries: McpLogEntry[];
  error: AppError | null;
  clear: () => void;
} {
  const api = useApi();
  const [entries, setEntries] = useState<McpLogEntry[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [nonce, setNonce] = useState(0);
  // After a reconnect the engine may have restarted (its seq starts again): load afresh.
  useReconnected(() => setNonce((n) => n + 1));

  useEffect(() => {
    let current = true;
    setEntries([]);
    setError(null);
    const stop = api.subscribe('mcp.server.log', (payload) => {
      if (payload.serverId === serverId) setEntries((list) => mergeLogs(list, payload.entries));
    });
    api.call('mcp.servers.logs', { id: serverId, limit: LOG_CAPACITY }).then(
      (list) => current && setEntries((live) => mergeLogs(list, live)),
      (caught: unknown) => current && setError(toAppError(caught)),
    );
    return () => {
      current = false;
      stop();
    };
  }, [api, serverId, nonce]);

  return { entries, error, clear: () => setEntries([]) };
}
