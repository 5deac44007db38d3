import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '@shared/entities/run';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { setChatDraft } from '../chat/draft';
import { Composer } from './Composer';
import { ToolCard } from './ToolCard';
import { EventStamper } from './trace-fixture';
import { groupRunEvents, type ToolEntry } from './trace-model';

afterEach(cleanup);

const stamper = () => new EventStamper('run-1', null, () => '2026-02-01T10:00:00.000Z');

describe('progress of a running tool', () => {
  it('shows the latest progress while the tool runs, and not once it has a result', () => {
    const s = stamper();
    const events: TraceEvent[] = [
      s.stamp({ type: 'tool.call.requested', step: 1, callId: 'c1', name: 'srv__slow', arguments: {}, source: 'srv', approval: 'auto' }),
      s.stamp({ type: 'tool.progress', callId: 'c1', name: 'srv__slow', progress: 1, total: 4 }),
      s.stamp({ type: 'tool.progress', callId: 'c1', name: 'srv__slow', progress: 2, total: 4, message: 'Reading pages' }),
    ];
    const entry = groupRunEvents(events).find((e): e is ToolEntry => e.kind === 'tool')!;
    expect(entry.progress?.progress).toBe(2);
    render(<ToolCard entry={entry} expanded={false} onToggle={() => undefined} />);
    expect(screen.getByTestId('tool-progress').textContent).toBe(' · 2/4 (50%) · Reading pages');
    cleanup();

    const done = [...events, s.stamp({ type: 'tool.result', callId: 'c1', name: 'srv__slow', output: 'ok', truncated: false, durationMs: 900 })];
    const finished = groupRunEvents(done).find((e): e is ToolEntry => e.kind === 'tool')!;
    render(<ToolCard entry={finished} expanded={false} onToggle={() => undefined} />);
    expect(screen.queryByTestId('tool-progress')).toBeNull();
  });
});

describe('a chat draft', () => {
  it('fills the next composer once', () => {
    setChatDraft('Please promote Eve');
    renderWithApi(<Composer agentName="A" active={false} onSend={async () => {}} onStop={async () => {}} />, new MemoryApi());
    expect((screen.getByRole('textbox') as HTMLTextAreaElement).value).toBe('Please promote Eve');
    cleanup();
    renderWithApi(<Composer agentName="A" active={false} onSend={async () => {}} onStop={async () => {}} />, new MemoryApi());
    expect((screen.getByRole('textbox') as HTMLTextAreaElement).value).toBe('');
  });

  it('attaches its files to the message (a composer that takes attachments)', async () => {
    setChatDraft('', [new File(['Notes'], 'notes.txt', { type: 'text/plain' })]);
    renderWithApi(
      <Composer agentName="A" active={false} onSend={async () => {}} onStop={async () => {}} attach={{ model: undefined }} />,
      new MemoryApi(),
    );
    expect(await screen.findByText('notes.txt')).toBeTruthy();
  });
});
