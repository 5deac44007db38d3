import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Settings, SETTINGS_VERSION } from '@shared/entities/settings';
import { AppError, validationError } from '@shared/errors';

type Json = Record<string, unknown>;

/**
 * Upgrades from each older version to the next. A settings file written by version N is read by
 * applying upgrades[N], upgrades[N+1], … up to SETTINGS_VERSION. Add one when the shape changes.
 */
export const upgrades: Record<number, (old: Json) => Json> = {
  // 0: files written before versioning had no `version` and kept the database URL at top level.
  0: (old) => {
    const { databaseUrl, ...rest } = old;
    return {
      ...rest,
      version: 1,
      ...(typeof databaseUrl === 'string' && databaseUrl ? { database: { kind: 'postgres', url: databaseUrl } } : {}),
    };
  },
};

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file was unreadable and was moved aside; the app runs on defaults. */
  problem?: string;
}

function upgrade(raw: Json): Json {
  let current = raw;
  let version = typeof current.version === 'number' ? current.version : 0;
  while (version < SETTINGS_VERSION) {
    const step = upgrades[version];
    if (!step) throw new Error(`no upgrade from settings version ${version}`);
    current = step(current);
    version = current.version as number;
  }
  if (version > SETTINGS_VERSION) {
    throw new Error(`settings version ${version} is newer than this app understands (${SETTINGS_VERSION})`);
  }
  return current;
}

export function defaultSettings(): Settings {
  return Settings.parse({ version: SETTINGS_VERSION });
}

/** Environment overrides, applied on top of the file and never written back. */
export function applyEnv(settings: Settings, env: NodeJS.ProcessEnv): Settings {
  const next = structuredClone(settings);
  const dbUrl = env.AGENT_FACTORY_DATABASE_URL ?? env.DATABASE_URL;
  if (dbUrl) next.database = { kind: 'postgres', url: dbUrl };
  if (env.AGENT_FACTORY_DATABASE === 'pglite') next.database = { kind: 'pglite' };
  if (env.CHROMA_URL) next.chroma.url = env.CHROMA_URL;
  if (env.OLLAMA_HOST) next.providers.ollama.host = env.OLLAMA_HOST.startsWith('http') ? env.OLLAMA_HOST : `http://${env.OLLAMA_HOST}`;
  if (env.OPENAI_BASE_URL) next.providers.openai.baseUrl = env.OPENAI_BASE_URL;
  if (env.ANTHROPIC_BASE_URL) next.providers.anthropic.baseUrl = env.ANTHROPIC_BASE_URL;
  return next;
}

/** The one settings file, `settings.json` in the data folder. */
export class SettingsFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json');
  }

  load(now: () => Date = () => new Date()): LoadedSettings {
    if (!existsSync(this.path)) return { settings: defaultSettings() };
    const text = readFileSync(this.path, 'utf8');
    try {
      const upgraded = upgrade(JSON.parse(text) as Json);
      const parsed = Settings.safeParse(upgraded);
      if (!parsed.success) throw validationError(parsed.error, 'settings');
      return { settings: parsed.data };
    } catch (error) {
      // Never overwrite what the user wrote: keep it aside, report it, run on defaults.
      const aside = `${this.path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.path, aside);
      const reason = error instanceof Error ? error.message : String(error);
      return {
        settings: defaultSettings(),
        problem: `settings.json could not be read (${reason}). It was moved to ${aside}; defaults are in use.`,
      };
    }
  }

  /** Validates, then writes atomically (temp file + rename) so a crash never leaves half a file. */
  save(settings: Settings): void {
    const parsed = Settings.safeParse(settings);
    if (!parsed.success) throw validationError(parsed.error, 'settings');
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(parsed.data, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

export function mergeSettings(current: Settings, patch: Partial<Omit<Settings, 'version'>>): Settings {
  const merged = { ...current, ...patch, version: SETTINGS_VERSION };
  const parsed = Settings.safeParse(merged);
  if (!parsed.success) throw validationError(parsed.error, 'settings');
  return parsed.data;
}

export { AppError };
