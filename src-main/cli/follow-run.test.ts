import { describe, expect, it } from 'vitest';
import { describeEvent } from './follow-run';

describe('follow-run lines', () => {
  it('the CLI prints the latest progress with its percentage and message', () => {
    const stamp = { runId: 'r', parentRunId: null, seq: 3, at: '2026-01-01T00:00:00Z' };
    expect(describeEvent({ ...stamp, type: 'tool.progress', callId: 'c', name: 'srv__slow', progress: 3, total: 4, message: 'almost' })).toBe(
      '  … srv__slow: 3/4 (75%) almost',
    );
    expect(describeEvent({ ...stamp, type: 'tool.progress', callId: 'c', name: 'srv__slow', progress: 7 })).toBe('  … srv__slow: 7');
  });
});
