import { describe, expect, it } from 'vitest';
import type { ProcessIdentity } from '../system/proc';
import { planCleanup, type ProcessRecordFile } from './process-record';

describe('planCleanup', () => {
  // pid → running start time; 10 is this engine.
  const running: Record<number, string> = { 10: '1', 20: '2', 30: '3', 31: '999' };
  const state = (id: ProcessIdentity) => {
    if (id.bootId && id.bootId !== 'boot') return 'gone' as const;
    if (id.pid === 10) return id.startTime === '1' ? ('self' as const) : ('gone' as const);
    return running[id.pid] !== undefined && (!id.startTime || id.startTime === running[id.pid])
      ? ('alive' as const)
      : ('gone' as const);
  };
  const file = (
    owner: ProcessIdentity,
    servers: ProcessRecordFile['servers'],
  ): ProcessRecordFile => ({ owner, servers });
  const server = (pid: number, startTime: string | undefined, mark: string) => ({
    pid,
    startTime,
    bootId: 'boot',
    mark,
    serverId: 's',
  });

  it('cleans the records of gone engines: live recorded servers are roots, every mark is swept', () => {
    const plan = planCleanup(
      [
        {
          name: 'own.json',
          content: file({ pid: 10, startTime: '1', bootId: 'boot' }, [server(30, '3', 'mine')]),
        },
        {
          name: 'live.json',
          content: file({ pid: 20, startTime: '2', bootId: 'boot' }, [server(30, '3', 'theirs')]),
        },
        {
          name: 'crashed.json',
          content: file({ pid: 11, startTime: '5', bootId: 'boot' }, [
            server(30, '3', 'a'), // still running: a root
            server(31, '4', 'b'), // pid reused by another process: not a root
            server(32, '6', 'c'), // gone: only its mark
            server(30, undefined, 'd'), // no start time (not Linux): never killed by pid
          ]),
        },
        // A previous life of this pid (a container's pid 1), and an engine of another boot.
        {
          name: 'pid1.json',
          content: file({ pid: 10, startTime: '0', bootId: 'boot' }, [server(20, '2', 'e')]),
        },
        { name: 'boot.json', content: file({ pid: 20, startTime: '2', bootId: 'old' }, []) },
        { name: 'bad.json', content: undefined },
      ],
      state,
      'own.json',
    );
    expect(plan.files).toEqual(['crashed.json', 'pid1.json', 'boot.json', 'bad.json']);
    expect([...plan.marks]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(plan.roots.map((r) => [r.pid, r.mark])).toEqual([
      [30, 'a'],
      [20, 'e'],
    ]);
  });
});
