import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AskResult } from '@shared/api/ingest';
import type { SearchMode, SearchResult } from '@shared/api/knowledge';
import type { ProviderKind } from '@shared/entities/model';
import { perClient, useApi } from '../../api/context';

export interface SearchForm {
  query: string;
  mode: SearchMode;
  /** Number boxes hold text until sent. */
  k: string;
  rrfK: string;
  tags: string[];
  documentIds: string[];
}

export interface AskForm {
  question: string;
  provider: ProviderKind;
  model: string;
  k: string;
  mode: SearchMode;
}

export const emptySearch: SearchForm = {
  query: '',
  mode: 'hybrid',
  k: '10',
  rrfK: '60',
  tags: [],
  documentIds: [],
};
export const emptyAsk: AskForm = {
  question: '',
  provider: 'ollama',
  model: '',
  k: '6',
  mode: 'hybrid',
};

export interface PlaygroundState {
  /** Per knowledge base: the last search form and its result (kept while a cited chunk is open). */
  searches: Record<string, { form: SearchForm; result?: SearchResult | undefined }>;
  asks: Record<string, { form: AskForm; result?: AskResult | undefined }>;
  setSearchForm(kbId: string, form: SearchForm): void;
  setSearchResult(kbId: string, result: SearchResult | undefined): void;
  setAskForm(kbId: string, form: AskForm): void;
  setAskResult(kbId: string, result: AskResult | undefined): void;
}

export function createPlaygroundStore(): StoreApi<PlaygroundState> {
  return createStore<PlaygroundState>((set) => ({
    searches: {},
    asks: {},
    setSearchForm: (kbId, form) =>
      set((s) => ({ searches: { ...s.searches, [kbId]: { ...s.searches[kbId], form } } })),
    setSearchResult: (kbId, result) =>
      set((s) => ({
        searches: {
          ...s.searches,
          [kbId]: { form: s.searches[kbId]?.form ?? emptySearch, result },
        },
      })),
    setAskForm: (kbId, form) =>
      set((s) => ({ asks: { ...s.asks, [kbId]: { ...s.asks[kbId], form } } })),
    setAskResult: (kbId, result) =>
      set((s) => ({
        asks: { ...s.asks, [kbId]: { form: s.asks[kbId]?.form ?? emptyAsk, result } },
      })),
  }));
}

export const playgroundStoreFor = perClient(() => createPlaygroundStore());

export function usePlayground<T>(selector: (state: PlaygroundState) => T): T {
  return useStore(playgroundStoreFor(useApi()), selector);
}
