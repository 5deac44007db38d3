import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Agent } from '@shared/entities/agent';
import type { Thread } from '@shared/entities/thread';
import { AppError } from '@shared/errors';
import { agentInput, renderWithApi } from '../../test/render';
import { ChatPage } from '../chat/ChatPage';
import { EvalTestApi } from './test-api';

let api: EvalTestApi;
let agent: Agent;
let thread: Thread;

beforeEach(async () => {
  api = new EvalTestApi();
  agent = await api.call('agents.create', agentInput({ name: 'Parrot' }));
  thread = api.addThread({ agentId: agent.id, title: 'Greetings' });
  api.addTurn(thread.id, 'Say hello', 'Hello!');
  api.addTurn(thread.id, 'Say thanks', 'Thanks!');
  api.storeSuite('name: Parrot checks\ncases:\n  - id: first\n    input: Hi\n', 'yaml');
  api.storeSuite(
    'name: Search\nkind: retrieval\nkb: Guide\ncases:\n  - query: q\n    relevant: [a.md]\n',
    'yaml',
  );
  window.location.hash = `#/chat/${agent.id}/${thread.id}`;
});
afterEach(cleanup);

const turn = (i: number) => screen.getAllByTestId('run-turn')[i]!;
const savedCases = (name: string) =>
  (parse(api.suite(name).content) as { cases: { id: string; input: string; expected: string }[] })
    .cases;

describe('Save as test case (chat)', () => {
  it('saves any finished turn into a chosen agent suite, whose file gets the case', async () => {
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(screen.getAllByTestId('run-turn')).toHaveLength(2));
    // Every finished turn has the action, not only the last.
    expect(within(turn(1)).getByRole('button', { name: 'Save as test case' })).toBeTruthy();
    fireEvent.click(within(turn(0)).getByRole('button', { name: 'Save as test case' }));
    const dialog = screen.getByRole('dialog', { name: 'Save as a test case' });
    const suite = within(dialog).getByLabelText('Suite') as HTMLSelectElement;
    // Only agent suites take chat runs; a new one can be made here.
    await waitFor(() =>
      expect([...suite.options].map((o) => o.textContent)).toEqual([
        'Parrot checks (1 case)',
        'A new suite…',
      ]),
    );
    fireEvent.change(within(dialog).getByLabelText('Case id (optional)'), {
      target: { value: 'says-hello' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save case' }));
    const done = await screen.findByRole('dialog', { name: 'Saved as a test case' });
    expect(within(done).getByRole('status').textContent).toContain(
      'Case says-hello is in “Parrot checks”.',
    );
    const runId = api.calls.find((c) => c.method === 'eval.saveCase')!.input as { runId: string };
    expect(api.calls.find((c) => c.method === 'eval.saveCase')!.input).toEqual({
      runId: runId.runId,
      suite: api.suite('Parrot checks').id,
      create: false,
      caseId: 'says-hello',
    });
    expect(api.run(runId.runId).input).toBe('Say hello');
    expect(savedCases('Parrot checks').at(-1)).toMatchObject({
      id: 'says-hello',
      input: 'Say hello',
      expected: 'Hello!',
    });
    expect(within(done).getByRole('link', { name: 'Open the suite' }).getAttribute('href')).toBe(
      `#/evals/${api.suite('Parrot checks').id}`,
    );
    fireEvent.click(within(done).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('creates a new suite by name, and says why a save failed', async () => {
    renderWithApi(<ChatPage />, api);
    await waitFor(() => expect(screen.getAllByTestId('run-turn')).toHaveLength(2));
    fireEvent.click(within(turn(1)).getByRole('button', { name: 'Save as test case' }));
    const dialog = screen.getByRole('dialog', { name: 'Save as a test case' });
    await waitFor(() =>
      expect((within(dialog).getByLabelText('Suite') as HTMLSelectElement).options).toHaveLength(2),
    );
    fireEvent.change(within(dialog).getByLabelText('Suite'), { target: { value: '\u0000new' } });
    const save = within(dialog).getByRole('button', { name: 'Save case' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Name of the new suite'), {
      target: { value: 'From chat' },
    });

    api.failNext(
      'eval.saveCase',
      new AppError('CONFLICT', 'That run is still going.', { hint: 'Wait for its answer.' }),
    );
    fireEvent.click(save);
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'That run is still going. Wait for its answer.',
    );

    fireEvent.click(save);
    await screen.findByRole('dialog', { name: 'Saved as a test case' });
    expect(api.calls.filter((c) => c.method === 'eval.saveCase').at(-1)!.input).toMatchObject({
      suite: 'From chat',
      create: true,
    });
    expect(savedCases('From chat')).toEqual([
      expect.objectContaining({ input: 'Say thanks', expected: 'Thanks!' }),
    ]);
  });
});
