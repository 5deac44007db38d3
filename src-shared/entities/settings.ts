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

/** The desktop app's behaviour (no effect on `serve` or the CLI). */
export const DesktopSettings = z.object({
  /** Closing the window keeps the app (and its automations) running in the tray. */
  closeToTray: z.boolean().default(true),
  /** Open the app (in the tray) when the user logs in. */
  startAtLogin: z.boolean().default(false),
  /** The first close to the tray tells where the app went; then this is set. */
  closeToTrayNoticeShown: z.boolean().default(false),
});
export type DesktopSettings = z.infer<typeof DesktopSettings>;

/** Automations (background agents) of this engine. */
export const AutomationSettings = z.object({
  /** Runs of automations going on at once, all automations together; more wait for a free slot. */
  maxConcurrent: z.number().int().min(1, 'At least 1').max(20, 'At most 20').default(2),
});
export type AutomationSettings = z.infer<typeof AutomationSettings>;

/**
 * OpenTelemetry export of runs as traces (GenAI semantic conventions). Off by default; the standard
 * environment variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
 * OTEL_EXPORTER_OTLP_HEADERS) turn it on and override these.
 */
export const OtlpSettings = z.object({
  enabled: z.boolean().default(false),
  /** The collector's base URL (`/v1/traces` is added), e.g. http://127.0.0.1:4318. */
  endpoint: z.string().url('An http(s) URL, e.g. http://127.0.0.1:4318').optional(),
  /** Headers sent with every export that are not secret (e.g. a project or tenant id). */
  headers: z.record(z.string(), z.string()).default({}),
  /** A stored secret holding more headers as `key=value,key2=value2` (e.g. the backend's API key). */
  headersSecret: SecretName.optional(),
  /** Include prompts, answers and tool arguments/results in the spans (off: only names, models, tokens, timings). */
  captureContent: z.boolean().default(false),
});
export type OtlpSettings = z.infer<typeof OtlpSettings>;

export const TelemetrySettings = z.object({ otlp: OtlpSettings.default(OtlpSettings.parse({})) });
export type TelemetrySettings = z.infer<typeof TelemetrySettings>;

/** The settings file (settings.json in the data folder). Secrets never live here. */
export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION),
  database: DatabaseSettings.default({ kind: 'pglite' }),
  chroma: z.object({ url: z.string().optional() }).default({}),
  providers: ProviderSettings.default(ProviderSettings.parse({})),
  ui: z.object({ theme: z.enum(['system', 'light', 'dark']).default('system') }).default({ theme: 'system' }),
  /** Desktop app: store keys in plain text when the OS keychain cannot encrypt them (default: session only). */
  secrets: z.object({ allowPlainText: z.boolean().default(false) }).default({ allowPlainText: false }),
  /** Desktop app: keep running in the tray when the window closes, open at login; whether the tray notice was shown. */
  desktop: DesktopSettings.default(DesktopSettings.parse({})),
  automations: AutomationSettings.default(AutomationSettings.parse({})),
  telemetry: TelemetrySettings.default(TelemetrySettings.parse({})),
});
export type Settings = z.infer<typeof Settings>;

/** How API keys are kept: encrypted by the OS keychain, for this session only, or in plain text. */
export const SecretStorageMode = z.enum(['encrypt', 'session-only', 'plain']);
export type SecretStorageMode = z.infer<typeof SecretStorageMode>;

export const SecretStorageView = z.object({
  mode: SecretStorageMode,
  /** The keychain backend Electron selected on Linux (e.g. gnome_libsecret, kwallet5, basic_text). */
  backend: z.string().optional(),
  /** Why keys are not encrypted. */
  reason: z.string().optional(),
  /** What to do about it. */
  remedy: z.string().optional(),
  /** Whether this engine lets the user opt in to plain storage (the desktop app without a usable keychain). */
  canOptInPlain: z.boolean().default(false),
  /** The user's choice (settings.secrets.allowPlainText). */
  allowPlainText: z.boolean().default(false),
});
export type SecretStorageView = z.infer<typeof SecretStorageView>;

/** What the UI may see of the settings: secrets reduced to whether they are set. */
export const SettingsView = z.object({
  settings: Settings,
  secrets: z.record(z.string(), z.boolean()),
  /** Secrets stored encrypted (by the desktop app) that this engine cannot decrypt; they are kept untouched. */
  unreadableSecrets: z.array(z.string()).default([]),
  /** How this engine stores keys, and why when they are not encrypted. */
  secretStorage: SecretStorageView.optional(),
  /** Set when the settings file could not be read and was moved aside. */
  problem: z.string().optional(),
  dataDir: z.string(),
});
export type SettingsView = z.infer<typeof SettingsView>;
