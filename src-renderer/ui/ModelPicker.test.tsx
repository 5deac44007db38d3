import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LlmModel, ProviderModels } from '@shared/api/llm-models';
import type { ProviderKind } from '@shared/entities/model';
import { contextLabel, ModelPicker, type ModelChoice } from './ModelPicker';

afterEach(cleanup);

const model = (
  id: string,
  caps: Partial<LlmModel['capabilities']> = {},
  label?: string,
): LlmModel => ({
  id,
  ...(label ? { label } : {}),
  capabilities: { tools: null, vision: null, embedding: null, contextLength: null, ...caps },
});

const lists: ProviderModels[] = [
  {
    provider: 'ollama',
    ok: true,
    fetchedAt: '2026-01-01T00:00:00Z',
    models: [
      model(
        'llama3.2:latest',
        { tools: true, vision: false, embedding: false, contextLength: 131072 },
        'llama3.2:latest (3.2B)',
      ),
      model('llava:7b', { tools: false, vision: true, embedding: false, contextLength: 4096 }),
      model('nomic-embed-text:latest', {
        tools: false,
        vision: false,
        embedding: true,
        contextLength: 2048,
      }),
    ],
  },
  {
    provider: 'anthropic',
    ok: true,
    fetchedAt: '2026-01-01T00:00:00Z',
    models: [
      model(
        'claude-sonnet-test',
        { tools: true, vision: true, embedding: false, contextLength: 200000 },
        'Claude Sonnet Test',
      ),
    ],
  },
  {
    provider: 'openai',
    ok: false,
    fetchedAt: '2026-01-01T00:00:00Z',
    models: [],
    error: {
      code: 'UNAUTHORIZED',
      message: 'No API key is set for OpenAI.',
      hint: 'Add or check the OpenAI key in Settings → API keys.',
    },
  },
];

function Harness({
  onChange,
  onRefresh,
  loading,
}: {
  onChange?: (c: ModelChoice) => void;
  onRefresh?: () => void;
  loading?: ProviderKind[];
}) {
  const [choice, setChoice] = useState<ModelChoice>({ provider: 'ollama', model: '' });
  return (
    <>
      <label htmlFor="m">Model</label>
      <ModelPicker
        id="m"
        provider={choice.provider}
        value={choice.model}
        lists={lists}
        {...(loading ? { loading } : {})}
        onChange={(c) => {
          setChoice(c);
          onChange?.(c);
        }}
        {...(onRefresh ? { onRefresh } : {})}
      />
      <output data-testid="choice">{`${choice.provider}:${choice.model}`}</output>
    </>
  );
}

const input = () => screen.getByRole('combobox', { name: 'Model' });
const optionNames = () =>
  screen.queryAllByRole('option').map((o) => o.firstElementChild?.firstChild?.textContent);
const choice = () => screen.getByTestId('choice').textContent;

describe('ModelPicker', () => {
  it('lists every provider’s models in groups, with capability badges and provider errors', () => {
    render(<Harness />);
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(input().getAttribute('aria-expanded')).toBe('true');
    const groups = screen.getAllByRole('group');
    expect(
      groups.map(
        (g) =>
          g.getAttribute('aria-labelledby') &&
          document.getElementById(g.getAttribute('aria-labelledby')!)?.textContent,
      ),
    ).toEqual(['Ollama (local)', 'Anthropic', 'OpenAI']);
    expect(optionNames()).toEqual([
      'llama3.2:latest',
      'llava:7b',
      'nomic-embed-text:latest',
      'claude-sonnet-test',
    ]);
    const llama = screen.getByRole('option', { name: /llama3\.2/ });
    expect(within(llama).getByText('tools')).toBeTruthy();
    expect(within(llama).getByText('128k context')).toBeTruthy();
    expect(within(llama).getByText('(3.2B)')).toBeTruthy();
    expect(within(llama).queryByText('vision')).toBeNull();
    const llava = screen.getByRole('option', { name: /llava/ });
    expect(within(llava).getByText('vision')).toBeTruthy();
    expect(within(llava).queryByText('tools')).toBeNull();
    expect(
      within(screen.getByRole('option', { name: /nomic/ })).getByText('embedding'),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('option', { name: /claude/ })).getByText('Claude Sonnet Test'),
    ).toBeTruthy();
    expect(screen.getByText('No API key is set for OpenAI.')).toBeTruthy();
    expect(screen.getByText('Add or check the OpenAI key in Settings → API keys.')).toBeTruthy();
  });

  it('filters as you type, and chooses with the arrow keys and Enter (switching provider)', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    fireEvent.change(input(), { target: { value: 'son' } });
    expect(optionNames()).toEqual(['claude-sonnet-test']);
    fireEvent.change(input(), { target: { value: 'LL' } });
    expect(optionNames()).toEqual(['llama3.2:latest', 'llava:7b']);
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    const active = input().getAttribute('aria-activedescendant')!;
    expect(document.getElementById(active)?.textContent).toContain('llava:7b');
    expect(document.getElementById(active)?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(choice()).toBe('ollama:llava:7b');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    // ArrowUp with nothing active takes the last option; a model of another provider switches the provider.
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    fireEvent.change(input(), { target: { value: 'claude' } });
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith({
      provider: 'anthropic',
      model: 'claude-sonnet-test',
    });
    expect(choice()).toBe('anthropic:claude-sonnet-test');
  });

  it('keeps a name that is not listed, as typed, for the current provider', () => {
    render(<Harness />);
    fireEvent.change(input(), { target: { value: 'qwen3:8b' } });
    expect(optionNames()).toEqual([]);
    expect(screen.getByText('“qwen3:8b” is not listed; it is used as typed.')).toBeTruthy();
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(choice()).toBe('ollama:qwen3:8b');
    expect((input() as HTMLInputElement).value).toBe('qwen3:8b');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    // A typed prefix of a listed model is not replaced by it unless chosen.
    fireEvent.change(input(), { target: { value: 'llama' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(choice()).toBe('ollama:llama');
  });

  it('closes on Escape, chooses with the mouse, and refreshes', () => {
    const onRefresh = vi.fn();
    render(<Harness onRefresh={onRefresh} />);
    fireEvent.click(input());
    expect(screen.getByRole('listbox')).toBeTruthy();
    fireEvent.keyDown(input(), { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.click(input());
    fireEvent.click(screen.getByRole('option', { name: /claude/ }));
    expect(choice()).toBe('anthropic:claude-sonnet-test');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh the model lists' }));
    expect(onRefresh).toHaveBeenCalledOnce();
  });

  it('shows a provider still loading, and disables refresh meanwhile', () => {
    render(<Harness onRefresh={() => undefined} loading={['openai-compatible']} />);
    expect(
      (screen.getByRole('button', { name: 'Refresh the model lists' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(screen.getByText(/loading…/)).toBeTruthy();
  });

  it('writes context lengths briefly', () => {
    expect(contextLabel(131072)).toBe('128k');
    expect(contextLabel(200000)).toBe('195k');
    expect(contextLabel(1_048_576)).toBe('1M');
    expect(contextLabel(512)).toBe('512');
  });
});
