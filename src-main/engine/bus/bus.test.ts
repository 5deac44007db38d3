import { describe, expect, it } from 'vitest';
import { createBus } from './bus';

const agent = {
  id: 'a1',
  name: 'A',
  description: '',
  systemPrompt: '',
  model: { provider: 'ollama' as const, model: 'llama3.2' },
  temperature: 0.7,
  tags: [],
  tools: [],
  knowledgeBaseIds: [],
  toolPolicies: {},
  knowledge: { mode: 'tool' as const, k: 5, minScore: 0 },
  delegateIds: [],
  memory: { enabled: true, budgetTokens: 3000 },
  revision: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('bus', () => {
  it('delivers to event subscribers and to subscribeAll, and stops after unsubscribe', () => {
    const bus = createBus();
    const seen: string[] = [];
    const off = bus.subscribe('agents.changed', (p) => seen.push(p.kind));
    bus.subscribeAll((e) => seen.push(`all:${e}`));
    bus.publish('agents.changed', { kind: 'deleted', id: 'x' });
    off();
    bus.publish('agents.changed', { kind: 'upserted', agent });
    expect(seen).toEqual(['deleted', 'all:agents.changed', 'all:agents.changed']);
  });

  it('rejects a payload the contract does not describe', () => {
    const bus = createBus();
    // @ts-expect-error deliberately wrong payload
    expect(() => bus.publish('agents.changed', { kind: 'nope' })).toThrow();
  });

  it('keeps delivering when a listener throws', () => {
    const errors: unknown[] = [];
    const bus = createBus({ onListenerError: (_e, err) => errors.push(err) });
    let delivered = 0;
    bus.subscribe('agents.changed', () => {
      throw new Error('boom');
    });
    bus.subscribe('agents.changed', () => delivered++);
    bus.publish('agents.changed', { kind: 'deleted', id: 'x' });
    expect(delivered).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
