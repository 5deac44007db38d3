import { delimiter, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { DoctorCheck } from '@shared/api/system';
import type { Settings } from '@shared/entities/settings';
import type { Store } from '../store/types';
import type { SecretStore } from '../config/secrets';

async function probe(url: string, timeoutMs: number): Promise<{ ok: boolean; status?: number; error?: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { ok: res.ok, status: res.status };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error) };
  }
}

export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export interface DoctorDeps {
  store: Store;
  settings: Settings;
  secrets: SecretStore;
  settingsProblem?: string;
  /** Extra checks contributed by capabilities (MCP servers, vector stores, …). */
  extraChecks?: Array<() => Promise<DoctorCheck[]>>;
  timeoutMs?: number;
}

/** What works and what does not, each with how to fix it. */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorCheck[]> {
  const timeout = deps.timeoutMs ?? 2000;
  const checks: DoctorCheck[] = [];

  checks.push(
    deps.settingsProblem
      ? { name: 'settings', status: 'warn', detail: deps.settingsProblem, fix: 'Fix or delete the file named above, then restart.' }
      : { name: 'settings', status: 'ok', detail: 'settings.json is valid' },
  );

  try {
    await deps.store.ping();
    checks.push({ name: 'database', status: 'ok', detail: deps.store.description });
  } catch (error) {
    checks.push({
      name: 'database',
      status: 'error',
      detail: `${deps.store.description}: ${error instanceof Error ? error.message : String(error)}`,
      fix: 'Check DATABASE_URL, or unset it to use the embedded database.',
    });
  }

  const ollama = deps.settings.providers.ollama.host.replace(/\/$/, '');
  const o = await probe(`${ollama}/api/tags`, timeout);
  checks.push(
    o.ok
      ? { name: 'ollama', status: 'ok', detail: `Ollama answers at ${ollama}` }
      : {
          name: 'ollama',
          status: 'warn',
          detail: `No Ollama at ${ollama} (${o.error ?? `HTTP ${o.status}`})`,
          fix: 'Install Ollama from ollama.com and run `ollama serve` (then `ollama pull llama3.2`), set its host in Settings → Provider hosts or OLLAMA_HOST, or add an OpenAI/Anthropic API key instead.',
        },
  );

  const unreadable = await deps.secrets.unreadable();
  if (unreadable.length)
    checks.push({
      name: 'secrets',
      status: 'warn',
      detail: `Stored encrypted by the desktop app, unreadable here: ${unreadable.join(', ')} (kept as they are).`,
      fix: 'Use the desktop app, or set these keys again here (Settings → API keys, or OPENAI_API_KEY / ANTHROPIC_API_KEY).',
    });
  const keys = (await deps.secrets.names()).filter((k) => !unreadable.includes(k));
  const hasKey = keys.some((k) => k === 'openai.apiKey' || k === 'anthropic.apiKey');
  checks.push(
    hasKey || o.ok
      ? { name: 'models', status: 'ok', detail: [o.ok ? 'Ollama' : '', ...keys].filter(Boolean).join(', ') }
      : {
          name: 'models',
          status: 'warn',
          detail: 'No model provider is configured yet.',
          fix: 'Connect Ollama (see above) or add an API key: Settings → API keys, or `OPENAI_API_KEY` / `ANTHROPIC_API_KEY`.',
        },
  );

  const chroma = deps.settings.chroma.url;
  if (!chroma) {
    checks.push({ name: 'chroma', status: 'skipped', detail: 'No Chroma URL set; knowledge bases use pgvector (or the local Chroma the app starts).' });
  } else {
    const c = await probe(`${chroma.replace(/\/$/, '')}/api/v2/heartbeat`, timeout);
    checks.push(
      c.ok
        ? { name: 'chroma', status: 'ok', detail: `Chroma answers at ${chroma}` }
        : { name: 'chroma', status: 'error', detail: `No Chroma at ${chroma} (${c.error ?? `HTTP ${c.status}`})`, fix: 'Start it with `docker compose up -d chroma`, or clear CHROMA_URL.' },
    );
  }

  const npx = findOnPath('npx');
  checks.push(
    npx
      ? { name: 'mcp-runtime', status: 'ok', detail: `npx found at ${npx} (needed by most MCP servers)` }
      : { name: 'mcp-runtime', status: 'warn', detail: 'npx is not on PATH; MCP servers started with npx will fail.', fix: 'Install Node.js 20+ from nodejs.org, or give servers a full command path.' },
  );

  for (const extra of deps.extraChecks ?? []) checks.push(...(await extra()));
  return checks;
}
