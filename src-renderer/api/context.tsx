import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '@shared/api/index';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() needs an <ApiProvider> above it.');
  return client;
}

/** Memoises one value (typically a feature store) per client, so every component shares it. */
export function perClient<T>(factory: (client: ApiClient) => T): (client: ApiClient) => T {
  const cache = new WeakMap<ApiClient, T>();
  return (client) => {
    let value = cache.get(client);
    if (value === undefined) {
      value = factory(client);
      cache.set(client, value);
    }
    return value;
  };
}
