import { z } from 'zod';

export const SETTINGS_VERSION = 1;

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
  /** Set when the settings file could not be read and was moved aside. */
  problem: z.string().optional(),
  dataDir: z.string(),
});
export type SettingsView = z.infer<typeof SettingsView>;
