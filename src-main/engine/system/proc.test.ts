import { describe, expect, it } from 'vitest';
import {
  environValue,
  judgeRecordedProcess,
  parseStat,
  processStartTime,
  selfIdentity,
} from './proc';

describe('parseStat', () => {
  it('reads state, parent and start time, whatever the command name holds', () => {
    const fields = (name: string) =>
      `4242 (${name}) S 17 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 184467 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0`;
    expect(parseStat(fields('node'))).toEqual({
      pid: 4242,
      ppid: 17,
      state: 'S',
      startTime: '987654',
    });
    expect(parseStat(fields('a) Z 1 (b'))).toEqual({
      pid: 4242,
      ppid: 17,
      state: 'S',
      startTime: '987654',
    });
    expect(parseStat('garbage')).toBeUndefined();
    expect(parseStat('12 (x) S 1')).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('matches this process', () => {
    const self = selfIdentity();
    expect(self.startTime).toMatch(/^\d+$/);
    expect(self.bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(processStartTime(process.pid)).toBe(self.startTime);
  });
});

describe('environValue', () => {
  it('finds a whole variable in a NUL-separated block', () => {
    const env = Buffer.from('PATH=/bin\0AGENT_FACTORY_MCP_MARK=af-1\0XAGENT_FACTORY_MCP_MARK=no\0');
    expect(environValue(env, 'AGENT_FACTORY_MCP_MARK')).toBe('af-1');
    expect(environValue('A=1\0B=2=3', 'B')).toBe('2=3');
    expect(environValue('', 'A')).toBeUndefined();
  });
});

describe('judgeRecordedProcess', () => {
  const self = { pid: 10, startTime: '100', bootId: 'boot' };
  const now = (running: Record<number, string>) => ({
    self,
    isAlive: (pid: number) => pid in running,
    startTimeOf: (pid: number) => running[pid],
  });

  it('is alive only as the same process of the same boot', () => {
    expect(
      judgeRecordedProcess({ pid: 20, startTime: '5', bootId: 'boot' }, now({ 20: '5' })),
    ).toBe('alive');
    expect(
      judgeRecordedProcess({ pid: 20, startTime: '5', bootId: 'boot' }, now({ 20: '6' })),
    ).toBe('gone');
    expect(judgeRecordedProcess({ pid: 20, startTime: '5', bootId: 'boot' }, now({}))).toBe('gone');
    expect(
      judgeRecordedProcess({ pid: 20, startTime: '5', bootId: 'other' }, now({ 20: '5' })),
    ).toBe('gone');
    // Zombie: the pid exists, its start time cannot be read.
    expect(
      judgeRecordedProcess({ pid: 20, startTime: '5' }, { ...now({}), isAlive: () => true }),
    ).toBe('gone');
    // Without start times (not Linux) a live pid is taken as alive.
    expect(judgeRecordedProcess({ pid: 20 }, now({ 20: '5' }))).toBe('alive');
  });

  it('our own pid is us only with our start time', () => {
    expect(judgeRecordedProcess({ pid: 10, startTime: '100', bootId: 'boot' }, now({}))).toBe(
      'self',
    );
    expect(judgeRecordedProcess({ pid: 10, startTime: '99', bootId: 'boot' }, now({}))).toBe(
      'gone',
    );
    expect(judgeRecordedProcess({ pid: 10 }, now({}))).toBe('self');
  });
});
