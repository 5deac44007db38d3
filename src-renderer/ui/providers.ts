import type { ProviderKind } from '@shared/entities/model';

/** The model providers to choose from, with an example model name for each. */
export const providers: { value: ProviderKind; label: string; modelHint: string }[] = [
  { value: 'ollama', label: 'Ollama (local)', modelHint: 'llama3.2' },
  { value: 'openai', label: 'OpenAI', modelHint: 'gpt-4o-mini' },
  { value: 'openai-compatible', label: 'OpenAI-compatible', modelHint: 'local-model' },
  { value: 'anthropic', label: 'Anthropic', modelHint: 'claude-sonnet-4-5' },
];
