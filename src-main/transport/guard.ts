import type { IncomingMessage, ServerResponse } from 'node:http';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What a guard reports when a handler throws: logged, never fatal. */
export type OnHandlerError = (error: unknown, where: string) => void;

/**
 * Wraps an HTTP request handler so that nothing it throws (synchronously or as a rejected promise)
 * can reach the process: the error is reported and the request is answered 500 (or ended when the
 * answer had started).
 */
export function guardHttp(handler: HttpHandler, onError: OnHandlerError): HttpHandler {
  return (req, res) => {
    const fail = (error: unknown) => {
      onError(error, `${req.method ?? '?'} ${req.url ?? ''}`);
      try {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error.\n');
        else res.end();
      } catch {
        res.destroy();
      }
    };
    try {
      const result = handler(req, res);
      if (result) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

/** Wraps an event listener (a WebSocket message, an upgrade) the same way: errors are reported, not thrown. */
export function guardListener<A extends unknown[]>(
  listener: (...args: A) => void | Promise<void>,
  onError: (error: unknown) => void,
): (...args: A) => void {
  return (...args) => {
    try {
      const result = listener(...args);
      if (result) result.catch(onError);
    } catch (error) {
      onError(error);
    }
  };
}

/**
 * The last line of defence of a long-running server process (`serve`, `mcp --http`): an error that
 * escaped every guard is logged, and the process goes on serving. Returns the uninstaller.
 */
export function logUncaughtErrors(onError: (error: unknown, kind: 'uncaughtException' | 'unhandledRejection') => void): () => void {
  const onException = (error: unknown) => onError(error, 'uncaughtException');
  const onRejection = (reason: unknown) => onError(reason, 'unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
