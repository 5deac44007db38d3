import { isMethodName, methods, type MethodName } from '@shared/api/index';
import { AppError, isAppError, validationError } from '@shared/errors';
import type { CallResult } from '@shared/wire';
import type { Logger } from 'pino';
import type { CallContext, Handler, Handlers } from '../engine/handlers';

export interface Router {
  /** Validates the input against the contract, calls the handler, and maps every error to its typed form. */
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<CallResult>;
}

export function createRouter(handlers: Handlers, logger?: Logger): Router {
  return {
    async dispatch(method, input, ctx) {
      if (!isMethodName(method)) {
        return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method "${method}".` } };
      }
      const parsed = methods[method].input.safeParse(input);
      if (!parsed.success) return { ok: false, error: validationError(parsed.error).toJSON() };
      try {
        const handler = handlers[method] as Handler<MethodName>;
        const result = await handler(parsed.data as never, ctx);
        return { ok: true, result };
      } catch (error) {
        if (isAppError(error)) return { ok: false, error: error.toJSON() };
        logger?.error({ err: error, method }, 'handler failed');
        return {
          ok: false,
          error: new AppError('INTERNAL', `Internal error in ${method}: ${error instanceof Error ? error.message : String(error)}`, {
            hint: 'See the log file in the data folder (logs/) for details.',
          }).toJSON(),
        };
      }
    },
  };
}
