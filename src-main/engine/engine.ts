import { join } from 'node:path';
import type { Logger } from 'pino';
import { createBus, type Bus } from './bus/bus';
import { AgentService } from './agents/service';
import { agentHandlers } from './agents/handlers';
import { FileSecretStore, type SecretCipher, type SecretStore } from './config/secrets';
import { SettingsFile } from './config/settings';
import { SettingsService } from './config/settings-service';
import { silentLogger } from './config/logger';
import type { Handlers } from './handlers';
import { openStore } from './store/index';
import type { Store, StoreConfig } from './store/types';
import { runDoctor } from './system/doctor';
import { systemHandlers } from './system/handlers';

export interface EngineOptions {
  dataDir: string;
  mode: 'electron' | 'headless' | 'cli';
  version: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** The shell's encryption for stored secrets (Electron safeStorage). */
  secretCipher?: SecretCipher;
  /** Overrides the database chosen by settings (tests). */
  store?: StoreConfig;
}

export interface Engine {
  readonly bus: Bus;
  readonly store: Store;
  readonly settings: SettingsService;
  readonly secrets: SecretStore;
  readonly agents: AgentService;
  readonly handlers: Handlers;
  readonly logger: Logger;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The composition root: the one place that picks concrete adapters and wires capabilities. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger();
  const bus = createBus({ onListenerError: (event, error) => logger.error({ event, err: error }, 'event listener failed') });

  const settingsFile = new SettingsFile(options.dataDir);
  const loaded = settingsFile.load();
  if (loaded.problem) logger.warn(loaded.problem);
  const secrets = new FileSecretStore(join(options.dataDir, 'secrets.json'), options.secretCipher, env);
  const settings = new SettingsService(settingsFile, loaded, secrets, bus, options.dataDir, env, loaded.problem);

  const db = settings.effective.database;
  const storeConfig: StoreConfig =
    options.store ?? (db.kind === 'postgres' ? { kind: 'postgres', url: db.url } : { kind: 'pglite', dataDir: options.dataDir });
  const store = await openStore(storeConfig);
  logger.info({ database: store.description, mode: options.mode }, 'engine started');

  const agents = new AgentService(store.db, bus);
  const doctor = () =>
    runDoctor({ store, settings: settings.effective, secrets, ...(settings.problem ? { settingsProblem: settings.problem } : {}) });

  const handlers: Handlers = {
    ...systemHandlers({
      version: options.version,
      mode: options.mode,
      dataDir: options.dataDir,
      databaseDescription: store.description,
      settings,
      doctor,
    }),
    ...agentHandlers(agents),
  };

  let closing: Promise<void> | undefined;
  return {
    bus,
    store,
    settings,
    secrets,
    agents,
    handlers,
    logger,
    dataDir: options.dataDir,
    close() {
      closing ??= (async () => {
        await store.close();
        logger.info('engine stopped');
      })();
      return closing;
    },
  };
}
