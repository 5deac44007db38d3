import type { TraceEvent, TraceEventType } from '@shared/entities/run';

/** One trace event of a given type. */
export type Ev<T extends TraceEventType> = Extract<TraceEvent, { type: T }>;

/** Where a tool call stands. `stopped`: the run ended before the call did. */
export type ToolState =
  'running' | 'waiting_approval' | 'succeeded' | 'failed' | 'denied' | 'stopped';

interface EntryBase {
  /** Unique within a trace (run id + what the entry is about). */
  key: string;
  runId: string;
  /** The seq of the entry's first event: its place in the run. */
  seq: number;
  at: string;
}

/** A model call: the request, then (once it answered) the response with tokens and latency. */
export interface ModelEntry extends EntryBase {
  kind: 'model';
  step: number;
  request: Ev<'model.request'> | undefined;
  response: Ev<'model.response'> | undefined;
  /** The run ended before the model answered. */
  unanswered: boolean;
}

/** The text the model streamed in one step (all its deltas). */
export interface TextEntry extends EntryBase {
  kind: 'text';
  step: number;
  text: string;
  deltas: number;
  /** The model has finished this step (or the run ended). */
  done: boolean;
}

/** A tool call with its approval and its result or error. */
export interface ToolEntry extends EntryBase {
  kind: 'tool';
  callId: string;
  request: Ev<'tool.call.requested'>;
  decision: Ev<'tool.call.approved'> | Ev<'tool.call.denied'> | undefined;
  result: Ev<'tool.result'> | undefined;
  error: Ev<'tool.error'> | undefined;
  /** The latest progress the tool reported (MCP progress notifications). */
  progress?: Ev<'tool.progress'> | undefined;
  /** Model calls the tool's MCP server asked for (sampling) during the call. */
  samplings?: Ev<'tool.sampling'>[] | undefined;
  state: ToolState;
}

/** A task handed to another agent; its run's events are under `childRunId`. */
export interface DelegationEntry extends EntryBase {
  kind: 'delegation';
  childRunId: string;
  started: Ev<'delegation.started'>;
  finished: Ev<'delegation.finished'> | undefined;
}

type SingleType =
  | 'run.started'
  | 'run.finished'
  | 'model.retry'
  | 'memory.recalled'
  | 'knowledge.retrieved'
  | 'memory.stored'
  | 'memory.summarised'
  | 'attachments.added'
  | 'error';

/** An event shown on its own. */
export interface EventEntry extends EntryBase {
  kind: 'event';
  event: Ev<SingleType>;
}

export type Entry = ModelEntry | TextEntry | ToolEntry | DelegationEntry | EventEntry;

const cache = new WeakMap<readonly TraceEvent[], Entry[]>();

/**
 * The entries of one run's events (in seq order): text deltas of a step become one text entry,
 * a model request and its response one model entry, a tool call and what became of it one tool
 * entry. Cached per events array, so unchanged runs are not grouped again.
 */
export function groupRunEvents(events: readonly TraceEvent[]): Entry[] {
  const cached = cache.get(events);
  if (cached) return cached;
  const entries: Entry[] = [];
  const models = new Map<number, ModelEntry>();
  const texts = new Map<number, TextEntry>();
  const tools = new Map<string, ToolEntry>();
  const delegations = new Map<string, DelegationEntry>();
  let finished = false;

  for (const e of events) {
    const base = { runId: e.runId, seq: e.seq, at: e.at };
    switch (e.type) {
      case 'model.request':
      case 'model.response': {
        let entry = models.get(e.step);
        if (!entry) {
          entry = {
            ...base,
            kind: 'model',
            key: `model:${e.runId}:${e.step}`,
            step: e.step,
            request: undefined,
            response: undefined,
            unanswered: false,
          };
          models.set(e.step, entry);
          entries.push(entry);
        }
        if (e.type === 'model.request') entry.request = e;
        else {
          entry.response = e;
          const text = texts.get(e.step);
          if (text) {
            text.done = true;
            if (e.text) text.text = e.text;
          }
        }
        break;
      }
      case 'text.delta': {
        let entry = texts.get(e.step);
        if (!entry) {
          entry = {
            ...base,
            kind: 'text',
            key: `text:${e.runId}:${e.step}`,
            step: e.step,
            text: '',
            deltas: 0,
            done: false,
          };
          texts.set(e.step, entry);
          entries.push(entry);
        }
        if (!entry.done) entry.text += e.text;
        entry.deltas += 1;
        break;
      }
      case 'tool.call.requested': {
        const entry: ToolEntry = {
          ...base,
          kind: 'tool',
          key: `tool:${e.runId}:${e.callId}`,
          callId: e.callId,
          request: e,
          decision: undefined,
          result: undefined,
          error: undefined,
          state: e.approval === 'required' ? 'waiting_approval' : 'running',
        };
        tools.set(e.callId, entry);
        entries.push(entry);
        break;
      }
      case 'tool.call.approved':
      case 'tool.call.denied': {
        const entry = tools.get(e.callId);
        if (!entry) break;
        entry.decision = e;
        entry.state = e.type === 'tool.call.denied' ? 'denied' : 'running';
        break;
      }
      case 'tool.progress': {
        const entry = tools.get(e.callId);
        if (entry) entry.progress = e;
        break;
      }
      case 'tool.sampling': {
        const entry = tools.get(e.callId);
        if (entry) entry.samplings = [...(entry.samplings ?? []), e];
        break;
      }
      case 'tool.result':
      case 'tool.error': {
        const entry = tools.get(e.callId);
        if (!entry) break;
        if (e.type === 'tool.result') entry.result = e;
        else entry.error = e;
        entry.state = e.type === 'tool.result' ? 'succeeded' : 'failed';
        break;
      }
      case 'delegation.started': {
        const entry: DelegationEntry = {
          ...base,
          kind: 'delegation',
          key: `delegation:${e.runId}:${e.childRunId}`,
          childRunId: e.childRunId,
          started: e,
          finished: undefined,
        };
        delegations.set(e.childRunId, entry);
        entries.push(entry);
        break;
      }
      case 'delegation.finished': {
        const entry = delegations.get(e.childRunId);
        if (entry) entry.finished = e;
        break;
      }
      default:
        if (e.type === 'run.finished') finished = true;
        entries.push({ ...base, kind: 'event', key: `event:${e.runId}:${e.seq}`, event: e });
    }
  }

  if (finished) {
    for (const model of models.values()) model.unanswered = !model.response;
    for (const text of texts.values()) text.done = true;
    for (const tool of tools.values()) {
      if (tool.state === 'running' || tool.state === 'waiting_approval') tool.state = 'stopped';
    }
  }
  cache.set(events, entries);
  return entries;
}

/**
 * The ids of a run and every run below it, the run first, then each child after its parent in
 * the order the children started. `byRun` holds each run's events; a child is known by the
 * `parentRunId` of its events.
 */
export function treeRunIds(
  byRun: Readonly<Record<string, readonly TraceEvent[]>>,
  rootRunId: string,
): string[] {
  const children = childrenByParent(byRun);
  const out: string[] = [];
  const visit = (id: string) => {
    out.push(id);
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(rootRunId);
  return out;
}

/** Child run ids of each run, ordered by the time of their first event. */
export function childrenByParent(
  byRun: Readonly<Record<string, readonly TraceEvent[]>>,
): Map<string, string[]> {
  const children = new Map<string, { id: string; at: string }[]>();
  for (const [id, events] of Object.entries(byRun)) {
    const first = events[0];
    if (!first?.parentRunId) continue;
    const list = children.get(first.parentRunId) ?? [];
    list.push({ id, at: first.at });
    children.set(first.parentRunId, list);
  }
  return new Map(
    [...children].map(([parent, list]) => [
      parent,
      list.sort((a, b) => a.at.localeCompare(b.at)).map((c) => c.id),
    ]),
  );
}
