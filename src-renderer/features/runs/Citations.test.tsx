import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStamper, makeRun } from './trace-fixture';
import { RunTurn } from './Transcript';

afterEach(cleanup);

describe('an answer citing the passages its run retrieved', () => {
  it('turns [n] into chips that open the exact chunk', async () => {
    const run = makeRun({ id: 'run-cite', status: 'succeeded', input: 'Where is the key?', output: 'Under the flowerpot [2].' });
    const s = new EventStamper(run.id, null, () => '2026-01-01T00:00:00.000Z');
    const passage = { kbId: 'kb-1', kbName: 'Depot', documentId: 'doc-7', title: 'Depot report', text: '…', score: 0.8 };
    const events = [
      s.stamp({
        type: 'knowledge.retrieved',
        query: 'Where is the key?',
        passages: [
          { ...passage, n: 1, chunkId: 'c-0', chunkIndex: 0 },
          { ...passage, n: 2, chunkId: 'c-3', chunkIndex: 3, page: 4 },
        ],
      }),
      s.stamp({ type: 'text.delta', step: 1, text: 'Under the flowerpot [2].' }),
    ];
    render(<RunTurn run={run} runs={{ [run.id]: run }} events={{ [run.id]: events }} agentName="Archivist" />);
    const chip = await screen.findByRole('button', { name: 'Open source 2' });
    expect(chip.getAttribute('title')).toBe('Depot report, p. 4 (Depot)');
    fireEvent.click(chip);
    await waitFor(() => expect(window.location.hash).toBe('#/knowledge/kb-1/documents/doc-7/3'));
    expect(screen.queryByRole('button', { name: 'Open source 1' })).toBeNull();
  });
});
