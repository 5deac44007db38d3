import { useCallback, useEffect, useMemo, useState } from 'react';
import type { InboxItem } from '@shared/entities/automation';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { overviewStoreFor } from '../automations/overview-store';
import { newestFirst } from '../automations/use-history';

/** The inbox, newest first: loaded, kept current by `inbox.changed`; opening marks read. */
export function useInbox() {
  const api = useApi();
  const loaded = useLoader(() => api.call('inbox.list', { limit: 200 }), [api]);
  const [changes, setChanges] = useState<Record<string, InboxItem>>({});
  const { reload } = loaded;

  useEffect(
    () =>
      api.subscribe('inbox.changed', ({ item }) => {
        if (item) setChanges((c) => ({ ...c, [item.id]: item }));
        else reload();
      }),
    [api, reload],
  );
  useEffect(() => setChanges({}), [loaded.data]);

  const items = useMemo(
    () => newestFirst(loaded.data ?? [], Object.values(changes)),
    [loaded.data, changes],
  );
  const mark = useCallback(
    async (ids: string[] | undefined) => {
      const { unread } = await api.call('inbox.markRead', ids ? { ids } : {});
      overviewStoreFor(api).setState({ unread });
      setChanges((c) => {
        const next = { ...c };
        for (const item of items)
          if (item.unread && (!ids || ids.includes(item.id)))
            next[item.id] = { ...item, unread: false };
        return next;
      });
    },
    [api, items],
  );
  return {
    items,
    error: loaded.error,
    loading: loaded.loading && !loaded.data,
    reload,
    markRead: mark,
  };
}
