import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useConnection } from '../api/connection';
import { MemoryApi } from '../test/memory-api';
import { renderWithApi } from '../test/render';
import { App } from './App';

beforeEach(() => {
  window.location.hash = '';
  useConnection.setState({ transport: 'websocket', status: 'connected' });
});
afterEach(cleanup);

describe('App shell', () => {
  it('navigates between features from the sidebar', async () => {
    renderWithApi(<App />, new MemoryApi());
    const nav = screen.getByRole('navigation', { name: 'Features' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Agents');
    await screen.findByText('No agents yet');

    for (const label of ['Chat', 'Knowledge', 'MCP Servers', 'Runs', 'Settings'] as const) {
      const link = nav.querySelector(
        `a[href="#/${label === 'MCP Servers' ? 'mcp' : label.toLowerCase()}"]`,
      )!;
      fireEvent.click(link);
      window.location.hash = link.getAttribute('href')!;
      await waitFor(() =>
        expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(label),
      );
      expect(link.getAttribute('aria-current')).toBe('page');
    }
  });

  it('shows the connection status and what to do when unauthorized', async () => {
    renderWithApi(<App />, new MemoryApi());
    expect(screen.getByTestId('connection-status').textContent).toBe('Connected');
    useConnection.setState({ status: 'unauthorized' });
    await screen.findByText(/Open the URL printed by/);
    expect(screen.getByRole('alert').textContent).toContain('npm run serve');
  });
});
