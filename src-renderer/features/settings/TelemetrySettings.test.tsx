import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { SettingsPage } from './SettingsPage';
import { OTLP_HEADERS_SECRET, TelemetrySettings } from './TelemetrySettings';

afterEach(cleanup);

const otlpOf = (api: MemoryApi) => api.view.settings.telemetry.otlp;

/** The section as the page holds it: the view it saves comes back as its props. */
function Harness({ api }: { api: MemoryApi }) {
  const [view, setView] = useState(api.view);
  return <TelemetrySettings view={view} onView={setView} />;
}

describe('telemetry settings', () => {
  it('turns export on, saves the address and headers, and content capture, keeping the rest', async () => {
    const api = new MemoryApi();
    renderWithApi(<Harness api={api} />, api);
    const enabled = screen.getByLabelText('Export runs as traces') as HTMLInputElement;
    expect(enabled.checked).toBe(false);
    fireEvent.click(enabled);
    await waitFor(() => expect(otlpOf(api).enabled).toBe(true));
    expect(api.calls.at(-1)).toEqual({ method: 'settings.update', input: { patch: { telemetry: { otlp: { enabled: true, headers: {}, captureContent: false } } } } });

    fireEvent.change(screen.getByLabelText('Collector URL'), { target: { value: 'http://collector:4318' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    fireEvent.change(screen.getByLabelText('Name of header 1'), { target: { value: 'x-tenant' } });
    fireEvent.change(screen.getByLabelText('Value of header 1'), { target: { value: 't1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address and headers' }));
    await waitFor(() => expect(otlpOf(api)).toMatchObject({ enabled: true, endpoint: 'http://collector:4318', headers: { 'x-tenant': 't1' } }));
    fireEvent.click(screen.getByLabelText('Include prompts and answers'));
    await waitFor(() => expect(otlpOf(api)).toEqual({ enabled: true, endpoint: 'http://collector:4318', headers: { 'x-tenant': 't1' }, captureContent: true }));
  });

  it('refuses a header given twice, and keeps secret headers with the API keys', async () => {
    const api = new MemoryApi();
    renderWithApi(<Harness api={api} />, api);
    for (const _ of [1, 2]) fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    fireEvent.change(screen.getByLabelText('Name of header 1'), { target: { value: 'a' } });
    fireEvent.change(screen.getByLabelText('Name of header 2'), { target: { value: 'a' } });
    expect(screen.getByText('The header "a" is given twice.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save address and headers' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('Secret headers (not set)'), { target: { value: 'authorization=Bearer%20abc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(otlpOf(api).headersSecret).toBe(OTLP_HEADERS_SECRET));
    expect(api.calls).toContainEqual({ method: 'secrets.set', input: { name: OTLP_HEADERS_SECRET, value: 'authorization=Bearer%20abc' } });
    expect(api.view.secrets[OTLP_HEADERS_SECRET]).toBe(true);
    // The secret never goes into the settings.
    expect(JSON.stringify(api.view.settings)).not.toContain('Bearer');
  });

  it('is a section of the Settings page', async () => {
    renderWithApi(<SettingsPage />, new MemoryApi());
    expect(await screen.findByRole('heading', { name: 'Traces (OpenTelemetry)' })).toBeTruthy();
    expect(screen.getByTestId('telemetry-settings')).toBeTruthy();
  });
});
