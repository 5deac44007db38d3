import type { ChromaClient } from 'chromadb';
import { z } from 'zod';
import { AppError, isAppError } from '@shared/errors';
import type { ChromaServerManager } from './server';

export interface ChromaConnection {
  client: ChromaClient;
  /** Where the server is (for messages). */
  url: string;
}

const HttpUrl = z.url({
  protocol: /^https?$/,
  error: 'Chroma URL must be an http(s) URL, e.g. http://127.0.0.1:8000',
});

/** A client for a Chroma server URL (validated). chromadb is imported on first use (most setups use pgvector). */
export async function chromaClientFor(url: string): Promise<ChromaClient> {
  const parsed = HttpUrl.safeParse(url);
  if (!parsed.success) {
    throw new AppError('CONFIG', `The Chroma URL "${url}" is not valid.`, {
      hint: 'Set it to an http(s) URL, e.g. http://127.0.0.1:8000.',
    });
  }
  const u = new URL(parsed.data);
  const ssl = u.protocol === 'https:';
  const { ChromaClient } = await import('chromadb');
  return new ChromaClient({
    host: u.hostname,
    port: u.port ? Number(u.port) : ssl ? 443 : 8000,
    ssl,
  });
}

/**
 * Gives a Chroma client: for the URL in settings when one is set, otherwise for a local server
 * that `server` starts on first use.
 */
export function chromaConnector(options: {
  url: () => string | undefined;
  server?: ChromaServerManager;
}): () => Promise<ChromaConnection> {
  let cached: ChromaConnection | undefined;
  return async () => {
    const remote = options.url();
    const url = remote ?? (options.server ? await options.server.start() : undefined);
    if (!url) {
      throw new AppError('CONFIG', 'No Chroma server is configured.', {
        hint: 'Set a Chroma URL in Settings, or use pgvector.',
      });
    }
    if (cached?.url !== url) cached = { client: await chromaClientFor(url), url };
    return cached;
  };
}

/** Turns a chromadb error into an AppError that says what to do. */
export function chromaError(error: unknown, url: string, action: string): AppError {
  if (isAppError(error)) return error;
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as Error)?.message ?? String(error);
  if (name === 'ChromaConnectionError' || /fetch failed|ECONNREFUSED|ECONNRESET/i.test(message)) {
    return new AppError('UNAVAILABLE', `Chroma at ${url} cannot be reached (${action}).`, {
      hint: 'Check that the Chroma server is running and that its URL in Settings is right.',
      cause: error,
    });
  }
  if (name === 'ChromaUnauthorizedError' || name === 'ChromaForbiddenError') {
    return new AppError('UNAUTHORIZED', `Chroma at ${url} refused the request (${action}).`, {
      cause: error,
    });
  }
  return new AppError('STORAGE', `Chroma failed to ${action}: ${message}`, {
    hint: 'Try again; if it keeps failing, check the Chroma server log.',
    cause: error,
  });
}
