import { describe, expect, it } from 'vitest';
import { OverlapPolicy } from '@shared/entities/automation';
import { onFire, onRunEnded } from './overlap';

describe('onFire', () => {
  it('starts when nothing is running, whatever the policy', () => {
    for (const policy of OverlapPolicy.options) {
      expect(onFire(policy, { running: 0, queued: 0 })).toEqual({ action: 'start' });
    }
  });

  it('skip: a fire during a run is skipped_overlap', () => {
    expect(onFire('skip', { running: 1, queued: 0 })).toMatchObject({
      action: 'skip',
      status: 'skipped_overlap',
    });
  });

  it('queue-one: keeps at most one waiting, coalesces the rest', () => {
    expect(onFire('queue-one', { running: 1, queued: 0 })).toEqual({ action: 'queue' });
    expect(onFire('queue-one', { running: 1, queued: 1 })).toMatchObject({
      action: 'coalesce',
      status: 'coalesced',
    });
  });

  it('queue-all: queues every fire', () => {
    expect(onFire('queue-all', { running: 1, queued: 0 })).toEqual({ action: 'queue' });
    expect(onFire('queue-all', { running: 1, queued: 7 })).toEqual({ action: 'queue' });
  });

  it('replace: cancels the running run, then starts', () => {
    expect(onFire('replace', { running: 1, queued: 0 })).toMatchObject({ action: 'replace' });
  });

  it('parallel: fires beyond the limit wait, and start as runs end', () => {
    expect(onFire('parallel', { running: 2, queued: 0, maxParallel: 3 })).toEqual({ action: 'start' });
    expect(onFire('parallel', { running: 3, queued: 0, maxParallel: 3 })).toEqual({ action: 'queue' });
    expect(onFire('parallel', { running: 2, queued: 1, maxParallel: 3 })).toEqual({ action: 'queue' });
    expect(onRunEnded('parallel', { running: 2, queued: 1, maxParallel: 3 })).toBe('start-queued');
    expect(onRunEnded('parallel', { running: 3, queued: 1, maxParallel: 3 })).toBe('idle');
  });

  it('parallel: starts alongside', () => {
    expect(onFire('parallel', { running: 3, queued: 0 })).toEqual({ action: 'start' });
  });
});

describe('onRunEnded', () => {
  it('starts a waiting fire only once nothing else runs', () => {
    expect(onRunEnded('queue-all', { running: 0, queued: 2 })).toBe('start-queued');
    expect(onRunEnded('queue-all', { running: 1, queued: 2 })).toBe('idle');
    expect(onRunEnded('queue-one', { running: 0, queued: 0 })).toBe('idle');
  });
});
