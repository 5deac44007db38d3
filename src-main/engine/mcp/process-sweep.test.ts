import { describe, expect, it } from 'vitest';
import type { ProcEntry } from '../system/proc';
import { markValue, selectTargets } from './process-sweep';

const p = (
  pid: number,
  ppid: number,
  mark?: string,
  state = 'S',
  startTime = String(pid * 10),
): ProcEntry => ({
  pid,
  ppid,
  state,
  startTime,
  mark,
});

describe('selectTargets', () => {
  const procs = [
    p(1, 0),
    p(50, 1), // the engine
    p(100, 50, 'm1'), // a server
    p(101, 100, 'm1'), // its child
    p(102, 1, 'm1'), // a setsid or double-forked grandchild, reparented to init
    p(103, 102), // a descendant that cleared its environment
    p(104, 1, 'm1', 'Z'), // a zombie: already dead
    p(200, 50, 'm2'), // another server
    p(300, 1, 'other'),
  ];

  it('takes every process carrying the mark and their descendants, not zombies, init or ourselves', () => {
    expect(selectTargets(procs, { marks: new Set(['m1']), self: 50 }).sort()).toEqual([
      100, 101, 102, 103,
    ]);
    expect(selectTargets(procs, { marks: new Set(['m1', 'm2']), self: 50 }).sort()).toEqual([
      100, 101, 102, 103, 200,
    ]);
    expect(selectTargets(procs, { marks: new Set(), self: 50 })).toEqual([]);
    expect(
      selectTargets([p(50, 1, 'm1'), p(1, 0, 'm1')], { marks: new Set(['m1']), self: 50 }),
    ).toEqual([]);
  });

  it('finds a mark among the inherited ones (an engine running as the MCP server of another)', () => {
    expect(markValue('af-2', undefined)).toBe('af-2');
    expect(markValue('af-2', 'af-1')).toBe('af-1,af-2');
    const nested = [p(1, 0), p(10, 1, markValue('inner', 'outer'))];
    expect(selectTargets(nested, { marks: new Set(['outer']), self: 50 })).toEqual([10]);
    expect(selectTargets(nested, { marks: new Set(['inner']), self: 50 })).toEqual([10]);
    expect(selectTargets(nested, { marks: new Set(['inn']), self: 50 })).toEqual([]);
  });

  it('takes a root and its tree only while its start time matches (pids are reused)', () => {
    const tree = [p(1, 0), p(400, 1, undefined, 'S', '7'), p(401, 400)];
    expect(
      selectTargets(tree, {
        marks: new Set(),
        roots: [{ pid: 400, startTime: '7' }],
        self: 50,
      }).sort(),
    ).toEqual([400, 401]);
    expect(
      selectTargets(tree, { marks: new Set(), roots: [{ pid: 400, startTime: '8' }], self: 50 }),
    ).toEqual([]);
    expect(
      selectTargets(tree, { marks: new Set(), roots: [{ pid: 999, startTime: '7' }], self: 50 }),
    ).toEqual([]);
  });
});
