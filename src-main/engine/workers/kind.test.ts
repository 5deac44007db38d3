import { describe, expect, it } from 'vitest';
import { chooseWorkerKind } from './kind';

describe('chooseWorkerKind', () => {
  it('forks a child Node process outside Electron (CLI, serve, tests)', () => {
    expect(chooseWorkerKind({ isElectron: false, runAsNodeFuse: false, utilityProcessAvailable: false })).toBe('child-process');
    expect(chooseWorkerKind({ isElectron: false, runAsNodeFuse: true, utilityProcessAvailable: true })).toBe('child-process');
  });

  it('uses utilityProcess inside Electron whenever the shell provides it, fuse on or off', () => {
    expect(chooseWorkerKind({ isElectron: true, runAsNodeFuse: false, utilityProcessAvailable: true })).toBe('utility-process');
    expect(chooseWorkerKind({ isElectron: true, runAsNodeFuse: true, utilityProcessAvailable: true })).toBe('utility-process');
  });

  it('forks the Electron binary as Node only while the RunAsNode fuse is on, and fails clearly otherwise', () => {
    expect(chooseWorkerKind({ isElectron: true, runAsNodeFuse: true, utilityProcessAvailable: false })).toBe('child-process');
    expect(() => chooseWorkerKind({ isElectron: true, runAsNodeFuse: false, utilityProcessAvailable: false })).toThrow(
      expect.objectContaining({ code: 'INTERNAL', message: expect.stringContaining('RunAsNode fuse is off') }),
    );
  });
});
