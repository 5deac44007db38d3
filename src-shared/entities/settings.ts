import { z } from 'zod';

export const SETTINGS_VERSION = 1;

/** The secrets the model providers read; the settings page lists these. */
export const SECRET_NAMES = ['openai.apiKey', 'anthropic.apiKey', 'openaiCompatible.apiKey'] as const;
export type ProviderSecretName = (typeof SECRET_NAMES)[number];

/**
 * Any secret's name: the providers' above, and those MCP servers need (e.g. `github.token`,
 * `brave.apiKey`, or names imported from a Claude Desktop config).
 */
export const SecretName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, 'A secret name is letters, digits, ".", "-" or "_" (e.g. openai.apiKey).');
export type SecretName = z.infer<typeof SecretName>;

/** The environment variable that provides each provider secret instead of the secret store. */
export const SECRET_ENV: Readonly<Record<ProviderSecretName, string>> = {
  'openai.apiKey': 'OPENAI_API_KEY',
  'anthropic.apiKey': 'ANTHROPIC_API_KEY',
  'openaiCompatible.apiKey': 'OPENAI_COMPATIBLE_API_KEY',
};

export function isSecretName(name: string): name is ProviderSecretName {
  return (SECRET_NAMES as readonly string[]).includes(name);
}

export const DatabaseSettings = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pglite') }),
  z.object({ kind: z.literal('postgres'), url: z.string().min(1) }),
]);

export const ProviderSettings = z.object({
  ollama: z.object({ host: z.string().default('http://127.0.0.1:11434') }).default({ host: 'http://127.0.0.1:11434' }),
  openai: z
    .object({ baseUrl: z.string().default('https://api.openai.com/v1') })
    .default({ baseUrl: 'https://api.openai.com/v1' }),
  openaiCompatible: z
    .object({ baseUrl: z.string().default('http://127.0.0.1:1234/v1') })
    .default({ baseUrl: 'http://127.0.0.1:1234/v1' }),
  anthropic: z
    .object({ baseUrl: z.string().default('https://api.anthropic.com') })
    .default({ baseUrl: 'https://api.anthropic.com' }),
});

/** The settings file (settings.json in the data folder). Secrets never live here. */
export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION),
  database: DatabaseSettings.default({ kind: 'pglite' }),
  chroma: z.object({ url: z.string().optional() }).default({}),
  providers: ProviderSettings.default(ProviderSettings.parse({})),
  ui: z.object({ theme: z.enum(['system', 'light', 'dark']).default('system') }).default({ theme: 'system' }),
});
export type Settings = z.infer<typeof Settings>;

/** What the UI may see of the settings: secrets reduced to whether they are set. */
export const SettingsView = z.object({
  settings: Settings,
  secrets: z.record(z.string(), z.boolean()),
  /** Secrets stored encrypted (by the desktop app) that this engine cannot decrypt; they are kept untouched. */
  unreadableSecrets: z.array(z.string()).default([]),
  /** Set when the settings file could not be read and was moved aside. */
  problem: z.string().optional(),
  dataDir: z.string(),
});
export type SettingsView = z.infer<typeof SettingsView>;
