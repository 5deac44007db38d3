import { AppError, isAppError, type ErrorCode } from '@shared/errors';
import type { ParseFailure, ParseFailureReason } from '@shared/entities/rag';

const templates: Record<ParseFailureReason, { code: ErrorCode; what: string; hint: string }> = {
  encrypted: {
    code: 'VALIDATION',
    what: 'is password-protected or encrypted',
    hint: 'Save an unprotected copy (remove the password) and add that file instead.',
  },
  corrupt: {
    code: 'VALIDATION',
    what: 'is damaged or not a valid file of its type',
    hint: 'Open it in its usual program and save or export it again, then add the new copy.',
  },
  too_large: {
    code: 'VALIDATION',
    what: 'is too large to read',
    hint: 'Split it into smaller files, or raise the size limit in the knowledge base settings.',
  },
  timeout: {
    code: 'TIMEOUT',
    what: 'took too long to read and was stopped',
    hint: 'Split it into smaller files, or convert it to plain text or Markdown and add that.',
  },
  unsupported: {
    code: 'VALIDATION',
    what: 'is of a type that cannot be read',
    hint: 'Convert it to PDF, DOCX, HTML, Markdown or plain text and add that file.',
  },
  binary: {
    code: 'VALIDATION',
    what: 'contains binary data, not text',
    hint: 'Check that the file has the right extension; only text documents can be added.',
  },
  empty: {
    code: 'VALIDATION',
    what: 'contains no text',
    hint: 'Add a file with text in it. Scanned PDFs need text recognition (OCR) first.',
  },
  zip_bomb: {
    code: 'VALIDATION',
    what: 'expands to far more data than allowed (a possible zip bomb)',
    hint: 'Do not open this file. If you trust it, save it again from Word and add the new copy.',
  },
  too_deep: {
    code: 'VALIDATION',
    what: 'nests deeper than can be read',
    hint: 'Flatten its structure, or save it with a .txt extension to add it as plain text.',
  },
  unreadable: {
    code: 'NOT_FOUND',
    what: 'could not be opened',
    hint: 'Check that the file exists and that you may read it.',
  },
  cancelled: {
    code: 'CANCELLED',
    what: 'was not read because reading was cancelled',
    hint: 'Add the file again to read it.',
  },
};

/** A per-file parse failure: an AppError with the reason the ingestion queue shows. */
export class DocumentParseError extends AppError {
  readonly reason: ParseFailureReason;

  constructor(reason: ParseFailureReason, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(templates[reason].code, message, { hint: options.hint ?? templates[reason].hint, cause: options.cause });
    this.name = 'DocumentParseError';
    this.reason = reason;
  }

  toFailure(): ParseFailure {
    return { reason: this.reason, code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

/** The standard error for `reason`, naming the file; `detail` says what exactly was found. */
export function parseError(reason: ParseFailureReason, fileName: string, detail?: string, cause?: unknown) {
  const message = `"${fileName}" ${templates[reason].what}${detail ? ` (${detail})` : ''}.`;
  return new DocumentParseError(reason, message, { cause });
}

export function isDocumentParseError(value: unknown): value is DocumentParseError {
  return value instanceof DocumentParseError;
}

/** The failure record for any error thrown while parsing a file. */
export function toParseFailure(error: unknown): ParseFailure {
  if (isDocumentParseError(error)) return error.toFailure();
  if (isAppError(error)) {
    return { reason: 'corrupt', code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  return { reason: 'corrupt', code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
