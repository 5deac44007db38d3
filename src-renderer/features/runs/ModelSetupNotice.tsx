import type { DoctorCheck } from '@shared/api/system';
import type { ProviderKind } from '@shared/entities/model';
import type { SettingsView } from '@shared/entities/settings';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { href } from '../../app/route';
import { Banner } from '../../ui/Banner';

export interface ModelProblem {
  title: string;
  fix: string;
}

const keyFor: Partial<Record<ProviderKind, { secret: string; label: string; env: string }>> = {
  openai: { secret: 'openai.apiKey', label: 'OpenAI', env: 'OPENAI_API_KEY' },
  anthropic: { secret: 'anthropic.apiKey', label: 'Anthropic', env: 'ANTHROPIC_API_KEY' },
};

const OLLAMA_FIX =
  'Install Ollama from ollama.com, run `ollama serve` and `ollama pull llama3.2`, or set its address in Settings.';

/**
 * What keeps a model from answering, if anything: for an agent's provider (no API key, no Ollama),
 * or, without one, when no provider at all is set up. Read from `system.doctor` and the settings.
 */
export function modelProblem(
  checks: readonly DoctorCheck[],
  view: Pick<SettingsView, 'secrets'>,
  provider?: ProviderKind,
): ModelProblem | null {
  const check = (name: string) => checks.find((c) => c.name === name);
  const ollama = check('ollama');
  if (!provider) {
    const models = check('models');
    if (!models || models.status === 'ok') return null;
    return {
      title: 'No model is connected yet, so agents cannot answer.',
      fix: `Connect Ollama (${OLLAMA_FIX}) or add an OpenAI or Anthropic API key in Settings.`,
    };
  }
  const key = keyFor[provider];
  if (key) {
    if (view.secrets[key.secret]) return null;
    return {
      title: `This agent uses ${key.label}, and no ${key.label} API key is set.`,
      fix: `Add the key in Settings → API keys (or set ${key.env}), or switch the agent to Ollama.`,
    };
  }
  if (provider === 'ollama' && ollama && ollama.status !== 'ok') {
    return { title: `${ollama.detail}.`, fix: ollama.fix ?? OLLAMA_FIX };
  }
  return null;
}

/** Tells a user whose model is not set up what to do, with a link to the settings. */
export function ModelSetupNotice({ provider }: { provider?: ProviderKind | undefined }) {
  const api = useApi();
  const { data } = useLoader(async () => {
    const [checks, view] = await Promise.all([
      api.call('system.doctor', {}),
      api.call('settings.get', {}),
    ]);
    return { checks, view };
  }, [api]);
  const problem = data ? modelProblem(data.checks, data.view, provider) : null;
  if (!problem) return null;
  return (
    <div className="px-4 pt-3" data-testid="model-setup-notice">
      <Banner
        tone="warning"
        actions={
          <a
            href={href('settings')}
            className="inline-flex h-7 items-center rounded-md border border-amber-400 px-2.5 text-[13px] font-medium hover:bg-amber-100 dark:border-amber-800 dark:hover:bg-amber-900/40"
          >
            Open Settings
          </a>
        }
      >
        <p className="font-medium">{problem.title}</p>
        <p className="opacity-90">{problem.fix}</p>
      </Banner>
    </div>
  );
}
