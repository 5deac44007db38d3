import { events, type EventName, type EventPayload } from '@shared/api/index';

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
export type AnyListener = (event: EventName, payload: unknown) => void;

/**
 * The engine's message bus. Every live event of the contract goes through here; transports
 * subscribe and forward. Payloads are validated against the contract schema on publish, so a
 * subscriber never sees an event the contract does not describe.
 */
export interface Bus {
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe<E extends EventName>(event: E, listener: Listener<E>): () => void;
  /** Every event, for tracing and transports. */
  subscribeAll(listener: AnyListener): () => void;
}

export interface BusOptions {
  /** Called when a listener throws; the bus itself never throws at the publisher. */
  onListenerError?: (event: EventName, error: unknown) => void;
  /** Validate payloads against the contract (default true). */
  validate?: boolean;
}

export function createBus(options: BusOptions = {}): Bus {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const all = new Set<AnyListener>();
  const validate = options.validate ?? true;

  const deliver = (fn: () => void, event: EventName) => {
    try {
      fn();
    } catch (error) {
      options.onListenerError?.(event, error);
    }
  };

  return {
    publish(event, payload) {
      const value = validate ? events[event].parse(payload) : payload;
      for (const listener of listeners.get(event) ?? []) deliver(() => listener(value), event);
      for (const listener of all) deliver(() => listener(event, value), event);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const fn = listener as (payload: unknown) => void;
      set.add(fn);
      return () => set.delete(fn);
    },
    subscribeAll(listener) {
      all.add(listener);
      return () => all.delete(listener);
    },
  };
}
