import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '@shared/entities/agent';
import { Sidebar } from '../../app/Sidebar';
import { agentInput, renderWithApi } from '../../test/render';
import { AutomationsTestApi } from '../automations/test-api';
import { InboxPage } from './InboxPage';

let api: AutomationsTestApi;
let agent: Agent;

beforeEach(async () => {
  api = new AutomationsTestApi();
  agent = await api.call('agents.create', agentInput({ name: 'Reporter' }));
  window.location.hash = '#/inbox';
});
afterEach(cleanup);

const badge = () => screen.queryByTestId('inbox-unread')?.textContent ?? null;
const item = (title: string) =>
  screen.getAllByTestId('inbox-item').find((i) => i.textContent?.includes(title))!;

describe('Inbox', () => {
  it('lists results unread in bold, opens one (marking it read, with its run), counts unread in the sidebar, live', async () => {
    const automation = api.seed({ name: 'Digest', agentId: agent.id });
    const run = api.addRun({ agentId: agent.id, agentName: agent.name, input: 'Do it' });
    api.deliver(automation.id, 'Digest of Monday', '**Three** things happened.', run.id);
    api.deliver(automation.id, 'Digest of Tuesday', 'Nothing new.');
    renderWithApi(
      <>
        <Sidebar current="inbox" />
        <InboxPage />
      </>,
      api,
    );
    await screen.findByText('Digest of Monday');
    await waitFor(() => expect(badge()).toBe('2'));
    expect(item('Digest of Monday').getAttribute('data-unread')).toBe('true');
    expect(within(item('Digest of Monday')).getByText('Digest of Monday').className).toContain(
      'font-semibold',
    );

    act(() => {
      window.location.hash = within(item('Digest of Monday'))
        .getByRole('link')
        .getAttribute('href')!;
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    const body = await screen.findByTestId('inbox-body');
    expect(body.querySelector('strong')?.textContent).toBe('Three');
    await waitFor(() => expect(item('Digest of Monday').getAttribute('data-unread')).toBe('false'));
    expect(api.calls.find((c) => c.method === 'inbox.markRead')?.input).toEqual({
      ids: [api.inbox[1]!.id],
    });
    await waitFor(() => expect(badge()).toBe('1'));
    expect((await screen.findByRole('link', { name: 'Open run' })).getAttribute('href')).toBe(
      `#/runs/${agent.id}/${run.id}`,
    );

    act(() => void api.deliver(automation.id, 'Digest of Wednesday', 'Rain.'));
    await screen.findByText('Digest of Wednesday');
    await waitFor(() => expect(badge()).toBe('2'));

    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(badge()).toBeNull());
    expect(
      screen.getAllByTestId('inbox-item').every((i) => i.getAttribute('data-unread') === 'false'),
    ).toBe(true);
  });

  it('says what arrives here when it is empty', async () => {
    renderWithApi(<InboxPage />, api);
    expect(await screen.findByText('The inbox is empty')).toBeTruthy();
  });
});
