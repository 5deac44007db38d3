import { ErrorCode as RpcCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { AppError, isAppError } from '@shared/errors';
import { MESSAGE_TOO_LARGE } from './stdio-transport';

export interface CallErrorContext {
  server: string;
  /** What was asked, e.g. "tool `search`" or "initialize". */
  what: string;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The most a call may run while it reports progress (each progress restarts `timeoutMs`). */
  maxTotalMs?: number | undefined;
  /** The code of failures that fit no better one: TOOL_ERROR for tool calls, UNAVAILABLE for the rest. */
  fallback?: 'TOOL_ERROR' | 'UNAVAILABLE';
}

/** Every failure of a request to a server, as a typed AppError that says what to do. */
export function toAppError(error: unknown, ctx: CallErrorContext): AppError {
  if (isAppError(error)) return error;
  const where = `${ctx.what} on MCP server "${ctx.server}"`;
  if (ctx.signal?.aborted) {
    return new AppError('CANCELLED', `${capitalise(where)} was cancelled.`, { cause: error });
  }
  if (error instanceof McpError) {
    const detail = error.message.replace(/^MCP error -?\d+: /, '');
    switch (error.code) {
      case RpcCode.RequestTimeout:
        if (/maximum total timeout/i.test(error.message)) {
          return new AppError(
            'TIMEOUT',
            `${capitalise(where)} was still running after ${seconds(ctx.maxTotalMs)} (the most progress can extend it to).`,
            {
              hint: 'Ask for less work per call, or raise the server’s tool timeout (the total allowed grows with it).',
              cause: error,
            },
          );
        }
        return new AppError(
          'TIMEOUT',
          `${capitalise(where)} did not answer within ${seconds(ctx.timeoutMs)}.`,
          {
            hint: 'The server may be stuck; restart it, or raise its tool timeout in the server settings.',
            cause: error,
          },
        );
      case RpcCode.ConnectionClosed:
        return new AppError(
          'UNAVAILABLE',
          `MCP server "${ctx.server}" closed the connection during ${ctx.what}.`,
          {
            hint: 'Look at the server log for the reason; the server is restarted automatically.',
            cause: error,
          },
        );
      case MESSAGE_TOO_LARGE:
        return new AppError(
          'TOOL_ERROR',
          `${capitalise(where)} returned too much data: ${detail}`,
          {
            hint: 'Ask for less (a narrower query or a page of results).',
            cause: error,
          },
        );
      default:
        return new AppError(
          ctx.fallback ?? 'TOOL_ERROR',
          `${capitalise(where)} failed: ${detail}`,
          { cause: error },
        );
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  if (httpStatus(error) === 401 || /\b401\b.*unauthori[sz]ed|unauthori[sz]ed.*\b401\b/i.test(message)) {
    return new AppError('UNAUTHORIZED', `MCP server "${ctx.server}" refused ${ctx.what}: sign in needed (HTTP 401).`, {
      hint: 'Sign in needed: sign in to the server from its page, or set the token it expects in its headers.',
      cause: error,
    });
  }
  if (/not connected/i.test(message)) {
    return new AppError('UNAVAILABLE', `MCP server "${ctx.server}" is not running.`, {
      hint: 'Start the server and try again.',
      cause: error,
    });
  }
  const cause =
    error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return new AppError(
    ctx.fallback ?? 'TOOL_ERROR',
    `${capitalise(where)} failed: ${message}${cause}`,
    { cause: error },
  );
}

/**
 * The HTTP status of a transport error (the SDK's StreamableHTTPError and SseError carry it as
 * `code`; known by their message, which survives bundling), also when wrapped as a cause.
 * The SDK's UnauthorizedError (an auth provider could not authorise) counts as 401.
 */
function httpStatus(error: unknown): number | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (/^(Streamable HTTP error|SSE error):/.test(e.message) && typeof code === 'number') return code;
    if (e.name === 'UnauthorizedError' || e.constructor.name === 'UnauthorizedError') return 401;
  }
  return undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function seconds(ms: number | undefined): string {
  if (ms === undefined) return 'the time limit';
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
