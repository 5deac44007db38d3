import { describe, expect, it } from 'vitest';
import { ManagedStdioTransport } from './stdio-transport';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('stdio transport shutdown', () => {
  it('leaves no timer running once a server that exits on end of stdin is gone (a finished command exits at once)', async () => {
    const transport = new ManagedStdioTransport(
      {
        command: process.execPath,
        args: ['-e', "process.stdin.resume(); process.stdin.on('end', () => process.exit(0))"],
        env: { PATH: process.env.PATH ?? '' },
      },
      // Long grace and term periods: a timer of either left pending would keep the process alive for a minute.
      { maxMessageBytes: 1_000_000, graceMs: 60_000, termMs: 60_000, onLog: () => {} },
    );
    await transport.start();
    const before = timers();
    await transport.close();
    expect(transport.exit).toEqual({ code: 0, signal: null });
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
