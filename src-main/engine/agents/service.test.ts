import { expect, it } from 'vitest';
import { describeStores } from '../../../tests/helpers/stores';
import type { EventPayload } from '@shared/api/index';
import { createBus } from '../bus/bus';
import { AgentService } from './service';

const base = { model: { provider: 'ollama' as const, model: 'llama3.2' } };

describeStores('AgentService', ({ store }) => {
  const setup = () => {
    const bus = createBus();
    const events: EventPayload<'agents.changed'>[] = [];
    bus.subscribe('agents.changed', (e) => events.push(e));
    return { service: new AgentService(store().db, bus), events };
  };

  it('creates with defaults, lists, gets, and publishes each change', async () => {
    const { service, events } = setup();
    const created = await service.create({ ...base, name: 'Researcher', tags: ['a', 'a', 'b'] });
    expect(created).toMatchObject({ name: 'Researcher', temperature: 0.7, tags: ['a', 'b'], revision: 0 });
    expect(await service.get(created.id)).toEqual(created);
    expect((await service.list()).map((a) => a.name)).toContain('Researcher');
    expect(await service.list({ tag: 'b' })).toHaveLength(1);
    expect(await service.list({ tag: 'zzz' })).toHaveLength(0);
    expect(events).toEqual([{ kind: 'upserted', agent: created }]);
  });

  it('updates with optimistic concurrency and keeps other fields', async () => {
    const { service } = setup();
    const a = await service.create({ ...base, name: 'Editor', description: 'd' });
    const b = await service.update(a.id, { temperature: 0.2 }, 0);
    expect(b).toMatchObject({ temperature: 0.2, description: 'd', revision: 1 });
    await expect(service.update(a.id, { temperature: 1 }, 0)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await service.get(a.id)).temperature).toBeCloseTo(0.2);
  });

  it('rejects a taken name (case-insensitive) with a field issue and stores nothing', async () => {
    const { service } = setup();
    await service.create({ ...base, name: 'Unique One' });
    const before = await service.list();
    await expect(service.create({ ...base, name: 'unique one' })).rejects.toMatchObject({
      code: 'CONFLICT',
      issues: [{ path: ['name'] }],
    });
    expect(await service.list()).toEqual(before);
  });

  it('rejects invalid input with VALIDATION issues per field', async () => {
    const { service } = setup();
    const before = await service.list();
    await expect(
      service.create({ ...base, name: '', temperature: 5 } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION', issues: expect.arrayContaining([expect.objectContaining({ path: ['name'] })]) });
    expect(await service.list()).toEqual(before);
  });

  it('duplicates under a free name, resolves by name, and deletes', async () => {
    const { service, events } = setup();
    const a = await service.create({ ...base, name: 'Planner', systemPrompt: 'plan' });
    const copy = await service.duplicate(a.id);
    const copy2 = await service.duplicate(a.id);
    expect([copy.name, copy2.name]).toEqual(['Planner (copy)', 'Planner (copy 2)']);
    expect(copy.systemPrompt).toBe('plan');
    expect((await service.resolve('planner')).id).toBe(a.id);
    expect(await service.delete(copy.id)).toBe(true);
    expect(await service.delete(copy.id)).toBe(false);
    await expect(service.get(copy.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(events.at(-1)).toEqual({ kind: 'deleted', id: copy.id });
  });
});
