import type { IngestFailure, IngestFailureReason } from '@shared/api/ingest';
import { AppError, isAppError, type ErrorCode } from '@shared/errors';
import { isDocumentParseError } from '../parse/errors';

/** The stage of the pipeline an error came from; it decides the reason when the error has none. */
export type IngestStage = 'read' | 'parse' | 'embed' | 'store';

const reasonOfStage: Record<IngestStage, IngestFailureReason> = {
  read: 'unreadable',
  parse: 'corrupt',
  embed: 'embedding',
  store: 'storage',
};

const hintOfStage: Record<IngestStage, string> = {
  read: 'Check that the file exists and that you may read it, then retry it.',
  parse: 'Open the file in its usual program and save it again, then retry it.',
  embed: 'Check that the embedding model is available (for Ollama: `ollama pull <model>`; for a local model: Settings → Local embedding models), then retry the file.',
  store: 'Check the database connection (agent-factory doctor), then retry the file.',
};

/** The per-file failure record for an error thrown at `stage`. */
export function failureOf(stage: IngestStage, error: unknown): IngestFailure {
  if (isDocumentParseError(error)) return error.toFailure();
  const code: ErrorCode = isAppError(error) ? error.code : 'INTERNAL';
  const reason: IngestFailureReason = code === 'CANCELLED' ? 'cancelled' : reasonOfStage[stage];
  const message = error instanceof Error ? error.message : String(error);
  const hint = isAppError(error) && error.hint ? error.hint : hintOfStage[stage];
  return { reason, code, message, hint };
}

/** The failure of a file that vanished before it could be read (and had no document to remove). */
export function missingFailure(path: string): IngestFailure {
  return {
    reason: 'missing',
    code: 'NOT_FOUND',
    message: `"${path}" no longer exists.`,
    hint: 'Restore the file, or ingest the folder it moved to.',
  };
}

export function isCancelled(error: unknown, signal: AbortSignal | undefined): boolean {
  return !!signal?.aborted || (error instanceof AppError && error.code === 'CANCELLED');
}
