import type { ApiKeyScope } from '@shared/entities/api-key';
import type { MethodName, MethodOutput, ParsedInput } from '@shared/api/index';

export interface CallContext {
  /** Which transport the call came through. */
  origin: 'ipc' | 'ws' | 'cli' | 'internal';
  /** The API key the call was made with (absent: the per-start token, IPC or in-process, full access). */
  key?: { id: string; name: string; scope: ApiKeyScope };
  signal?: AbortSignal;
}

export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
  ctx: CallContext,
) => Promise<MethodOutput<M>>;

/** Handlers for a slice of the contract, e.g. `HandlerSlice<typeof agentMethods>`. */
export type HandlerSlice<T> = { [K in keyof T & MethodName]: Handler<K> };

/** Every method of the contract has exactly one handler. */
export type Handlers = { [M in MethodName]: Handler<M> };
