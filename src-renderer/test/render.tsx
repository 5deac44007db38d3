import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { ApiClient } from '@shared/api/index';
import type { AgentInput } from '@shared/entities/agent';
import { ApiProvider } from '../api/context';

export function renderWithApi(ui: ReactElement, api: ApiClient) {
  return render(<ApiProvider client={api}>{ui}</ApiProvider>);
}

export function agentInput(overrides: Partial<AgentInput> = {}): AgentInput {
  return { name: 'Researcher', model: { provider: 'ollama', model: 'llama3.2' }, ...overrides };
}
