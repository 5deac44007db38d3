import type { Settings, SettingsView } from '@shared/entities/settings';
import type { Bus } from '../bus/bus';
import type { SecretStore } from './secrets';
import type { SecretStorageControl } from './session-secrets';
import { applyEnv, mergeSettings, type SettingsFile } from './settings';

/** The settings in force (file + environment), their changes, and the secrets' presence. */
export class SettingsService {
  private fileSettings: Settings;

  constructor(
    private readonly file: SettingsFile,
    loaded: { settings: Settings; problem?: string },
    private readonly secrets: SecretStore,
    private readonly bus: Bus,
    private readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly problem?: string,
    /** How secrets are stored (encrypted, session only, plain), and the user's opt-in to plain storage. */
    private readonly secretStorage?: SecretStorageControl,
  ) {
    this.fileSettings = loaded.settings;
  }

  /** What the engine uses: the file's settings with environment overrides on top. */
  get effective(): Settings {
    return applyEnv(this.fileSettings, this.env);
  }

  async view(): Promise<SettingsView> {
    const names = await this.secrets.names();
    return {
      settings: this.effective,
      secrets: Object.fromEntries(names.map((n) => [n, true])),
      unreadableSecrets: await this.secrets.unreadable(),
      ...(this.secretStorage ? { secretStorage: this.secretStorage.view() } : {}),
      ...(this.problem ? { problem: this.problem } : {}),
      dataDir: this.dataDir,
    };
  }

  async update(patch: Partial<Omit<Settings, 'version'>>): Promise<SettingsView> {
    const next = mergeSettings(this.fileSettings, patch);
    this.file.save(next);
    this.fileSettings = next;
    // Opting in to plain storage writes the keys held for this session.
    await this.secretStorage?.allowPlainText(next.secrets.allowPlainText);
    const view = await this.view();
    this.bus.publish('settings.changed', view);
    return view;
  }

  async setSecret(name: string, value: string | null): Promise<boolean> {
    await this.secrets.set(name, value);
    this.bus.publish('settings.changed', await this.view());
    return value !== null && value !== '';
  }
}
