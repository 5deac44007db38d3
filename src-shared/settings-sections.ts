/**
 * The titles of the Settings page's sections. Hints that send the user there write
 * "Settings → <title>" with one of these (a test checks every such hint in the code).
 */
export const SETTINGS_SECTIONS = {
  general: 'General',
  providerHosts: 'Provider hosts',
  apiKeys: 'API keys',
  engineKeys: 'API keys for the engine',
  localModels: 'Local embedding models',
  desktop: 'Desktop app',
  automations: 'Automations',
  telemetry: 'Traces (OpenTelemetry)',
} as const;
