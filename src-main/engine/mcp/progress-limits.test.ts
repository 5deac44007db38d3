import { describe, expect, it } from 'vitest';
import type { TraceEventBody } from '@shared/entities/run';
import { maxTotalTimeout } from './calls';
import { limitContent } from './server-resources';
import { progressToTrace } from './tool-source';

describe('progress as trace events', () => {
  it('keeps at most one per 250 ms, always the one that reaches the total', () => {
    const events: TraceEventBody[] = [];
    let now = 0;
    const report = progressToTrace({ callId: 'c1', emit: (e) => events.push(e) }, 'srv__slow', () => now);
    report({ progress: 1, total: 4 });
    now = 100;
    report({ progress: 2, total: 4, message: 'halfway' });
    now = 300;
    report({ progress: 3, total: 4, message: 'almost' });
    now = 310;
    report({ progress: 4, total: 4 });
    expect(events).toEqual([
      { type: 'tool.progress', callId: 'c1', name: 'srv__slow', progress: 1, total: 4 },
      { type: 'tool.progress', callId: 'c1', name: 'srv__slow', progress: 3, total: 4, message: 'almost' },
      { type: 'tool.progress', callId: 'c1', name: 'srv__slow', progress: 4, total: 4 },
    ]);
  });
});

describe('the most progress extends a call to', () => {
  it('is 10 timeouts, at least 10 minutes, at most an hour, never under the timeout', () => {
    expect(maxTotalTimeout(600)).toBe(600_000);
    expect(maxTotalTimeout(120_000)).toBe(1_200_000);
    expect(maxTotalTimeout(600_000)).toBe(3_600_000);
    expect(maxTotalTimeout(7_200_000)).toBe(7_200_000);
    expect(maxTotalTimeout(600, 5_000)).toBe(5_000);
    expect(maxTotalTimeout(600, 100)).toBe(600);
  });
});

describe('resource parts within the size limit', () => {
  it('passes text and binary under it, cuts text and leaves binary out over it', () => {
    expect(limitContent({ uri: 'a', mimeType: 'text/plain', text: 'héllo' }, 10)).toEqual({ uri: 'a', mimeType: 'text/plain', text: 'héllo', bytes: 6, truncated: false });
    expect(limitContent({ uri: 'a', text: 'ééééé' }, 5)).toEqual({ uri: 'a', text: 'éé', bytes: 10, truncated: true });
    const blob = Buffer.from([1, 2, 3, 4, 5]).toString('base64');
    expect(limitContent({ uri: 'b', mimeType: 'image/png', blob }, 5)).toEqual({ uri: 'b', mimeType: 'image/png', blob, bytes: 5, truncated: false });
    expect(limitContent({ uri: 'b', blob }, 4)).toEqual({ uri: 'b', bytes: 5, truncated: true });
  });
});
