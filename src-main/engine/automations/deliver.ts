import { appendFile, mkdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { AppError } from '@shared/errors';

/** Delivery of a run's result outside the app: a POST to a URL, a section appended to a file. */

export const POST_TIMEOUT_MS = 10_000;

export interface PostOutcome {
  ok: boolean;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** What went wrong, in plain words. */
  error?: string;
}

/**
 * POSTs `payload` as JSON to `url`. Never throws: a refused connection, a timeout (10 s by
 * default), a non-2xx answer or a payload that is not JSON come back as `{ ok: false, error }`.
 */
export async function postResult(url: string, payload: unknown, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<PostOutcome> {
  const timeoutMs = opts.timeoutMs ?? POST_TIMEOUT_MS;
  let body: string;
  try {
    body = JSON.stringify(payload) ?? 'null';
  } catch (error) {
    return { ok: false, error: `The result could not be written as JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'agent-factory' },
      body,
      signal,
      redirect: 'follow',
    });
    // Reads (a little of) the answer so the connection is released.
    const text = await res.text().catch(() => '');
    if (res.ok) return { ok: true, status: res.status };
    const excerpt = text.trim().slice(0, 200);
    return { ok: false, status: res.status, error: `${url} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}` };
  } catch (error) {
    if (timeout.aborted) {
      const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
      return { ok: false, error: `${url} did not answer within ${limit}.` };
    }
    if (opts.signal?.aborted) return { ok: false, error: 'Cancelled.' };
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `POST to ${url} failed: ${cause ?? message}` };
  }
}

export interface AppendEntry {
  automationName: string;
  runId: string | null;
  status: string;
  /** ISO time. */
  finishedAt: string;
  output: string;
}

/** The Markdown section of one result: `## <name> — <status> — <time>`, then the output. */
export function resultSection(entry: AppendEntry): string {
  const output = entry.output.trim() || '_(no output)_';
  const run = entry.runId ? `<!-- run ${entry.runId} -->\n` : '';
  return `## ${entry.automationName} — ${entry.status} — ${entry.finishedAt}\n${run}\n${output}\n`;
}

/**
 * Appends a result to a Markdown file, making the file and its folders when missing. The path must
 * be absolute (VALIDATION otherwise); a file that cannot be written rejects with STORAGE.
 */
export async function appendResult(file: string, entry: AppendEntry): Promise<void> {
  if (!isAbsolute(file)) {
    throw new AppError('VALIDATION', `The file to append results to must be an absolute path, not "${file}".`, {
      hint: 'Give the full path, e.g. /home/me/notes/digest.md.',
    });
  }
  try {
    await mkdir(dirname(file), { recursive: true });
    const size = await stat(file).then((s) => s.size, () => 0);
    await appendFile(file, `${size > 0 ? '\n' : ''}${resultSection(entry)}`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('STORAGE', `Could not append the result to ${file}${code ? ` (${code})` : ''}.`, {
      hint: 'Check that the folder exists or can be made and that the file is writable.',
      cause: error,
    });
  }
}
