import type { DoctorCheck } from '@shared/api/system';
import type { ProviderModels } from '@shared/api/llm-models';
import type { ProviderKind } from '@shared/entities/model';
import { ProviderSettings } from '@shared/entities/settings';
import type { ProviderSettingsValue } from '../index';
import type { ModelCatalog } from './catalog';

const LABELS: Record<ProviderKind, string> = {
  ollama: 'Ollama',
  openai: 'OpenAI',
  'openai-compatible': 'OpenAI-compatible server',
  anthropic: 'Anthropic',
};
const SHOWN = 5;
const DEFAULT_COMPATIBLE_URL = ProviderSettings.parse({}).openaiCompatible.baseUrl;

export interface ModelCheckDeps {
  providers(): ProviderSettingsValue;
  getSecret(name: string): Promise<string | undefined>;
}

/** Ollama always; a keyed provider once its key is set; the OpenAI-compatible one once it is given an address or a key. */
async function configured(deps: ModelCheckDeps): Promise<ProviderKind[]> {
  // A key that is set but cannot be read here (encrypted by the desktop app) counts as configured:
  // listing then reports why it cannot be used.
  const has = async (name: string) => !!(await deps.getSecret(name).catch(() => 'unreadable'))?.trim();
  const kinds: ProviderKind[] = ['ollama'];
  if (await has('openai.apiKey')) kinds.push('openai');
  if (
    deps.providers().openaiCompatible.baseUrl !== DEFAULT_COMPATIBLE_URL ||
    (await has('openaiCompatible.apiKey'))
  )
    kinds.push('openai-compatible');
  if (await has('anthropic.apiKey')) kinds.push('anthropic');
  return kinds;
}

export function modelCheck(entry: ProviderModels): DoctorCheck {
  const label = LABELS[entry.provider];
  const name = `models:${entry.provider}`;
  if (!entry.ok) {
    return {
      name,
      status: 'warn',
      detail: `${label}: cannot list models (${entry.error?.message ?? 'unknown error'})`,
      ...(entry.error?.hint ? { fix: entry.error.hint } : {}),
    };
  }
  const count = entry.models.length;
  if (count === 0) {
    return {
      name,
      status: 'warn',
      detail: `${label} answers but has no models.`,
      fix:
        entry.provider === 'ollama'
          ? 'Pull one, e.g. `ollama pull llama3.2`.'
          : `Load or enable a model on the ${label}.`,
    };
  }
  const first = entry.models.slice(0, SHOWN).map((m) => m.id);
  const more = count > SHOWN ? `, … (${count - SHOWN} more)` : '';
  return {
    name,
    status: 'ok',
    detail: `${label}: ${count} model${count === 1 ? '' : 's'} — ${first.join(', ')}${more}`,
  };
}

/** One doctor check per configured provider: how many models it lists, and the first names. */
export async function modelDoctorChecks(
  catalog: ModelCatalog,
  deps: ModelCheckDeps,
): Promise<DoctorCheck[]> {
  const kinds = await configured(deps);
  // Fresh, and without retries: the doctor reports what is true now, quickly.
  const lists = await Promise.all(
    kinds.map((provider) =>
      catalog.list({ provider, refresh: true, policy: { maxRetries: 0, timeoutMs: 5000 } }),
    ),
  );
  return lists.flat().map(modelCheck);
}
