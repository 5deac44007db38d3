import { describe, expect, it } from 'vitest';
import { processCpuMs } from './cpu-time';

describe('processCpuMs', () => {
  it.runIf(process.platform === 'linux')('reads the CPU time of a process, growing as it works', () => {
    const before = processCpuMs(process.pid)!;
    expect(before).toBeGreaterThanOrEqual(0);
    const until = Date.now() + 200;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    expect(processCpuMs(process.pid)!).toBeGreaterThan(before);
  });

  it('is undefined for a process that does not exist', () => {
    expect(processCpuMs(2 ** 30)).toBeUndefined();
  });
});
