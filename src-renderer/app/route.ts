import { useSyncExternalStore } from 'react';

export interface Route {
  /** The first path segment: the feature. */
  feature: string;
  /** The remaining segments, e.g. an agent id or "new". */
  rest: string[];
}

/** Routes live in the hash (`#/agents/new`) so they survive reloads and work from a file:// page. */
export function parseHash(hash: string): Route {
  const [feature = '', ...rest] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  return { feature, rest };
}

export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function navigate(...segments: string[]): void {
  window.location.hash = href(...segments).slice(1);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function useRoute(): Route {
  return parseHash(useHash());
}

/** The route of one chunk of a knowledge-base document (the document view, the chunk ringed). */
export function chunkRoute(kbId: string, documentId: string, chunkIndex: number): string[] {
  return ['knowledge', kbId, 'documents', documentId, String(chunkIndex)];
}
