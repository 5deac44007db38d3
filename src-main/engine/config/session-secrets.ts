import { isSecretName, SECRET_ENV, SECRET_NAMES, type SecretStorageView } from '@shared/entities/settings';
import { FileSecretStore, type SecretCipher, type SecretStore } from './secrets';
import { HEADLESS_SECRET_POLICY, secretPolicy, secretStorageView, type SecretPolicy, type SecretStorageFacts } from './secret-policy';

/**
 * Keys for this session only: values set here live in memory and are never written. What is already
 * on disk stays readable and untouched; clearing a key also removes its entry from the file (removing
 * writes no secret). Environment variables still win.
 */
export class SessionSecretStore implements SecretStore {
  /** A value set this session, or null once cleared (hides what the file holds). */
  private readonly values = new Map<string, string | null>();

  constructor(
    private readonly disk: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private fromEnv(name: string): string | undefined {
    return (isSecretName(name) ? this.env[SECRET_ENV[name]] : undefined) || undefined;
  }

  async get(name: string): Promise<string | undefined> {
    const env = this.fromEnv(name);
    if (env) return env;
    if (this.values.has(name)) return this.values.get(name) ?? undefined;
    return this.disk.get(name);
  }

  async set(name: string, value: string | null): Promise<void> {
    if (value === null || value === '') {
      this.values.set(name, null);
      if ((await this.disk.names()).includes(name)) await this.disk.set(name, null);
    } else {
      this.values.set(name, value);
    }
  }

  async names(): Promise<string[]> {
    const names = new Set(await this.disk.names());
    for (const [name, value] of this.values) {
      if (value !== null) names.add(name);
      else names.delete(name);
    }
    for (const name of SECRET_NAMES) if (this.fromEnv(name)) names.add(name);
    return [...names].sort();
  }

  async unreadable(): Promise<string[]> {
    return (await this.disk.unreadable()).filter((name) => !this.values.has(name));
  }

  /** The values set this session (to persist them when the user opts in to plain storage). */
  sessionValues(): [string, string][] {
    return [...this.values].filter((entry): entry is [string, string] => entry[1] !== null);
  }
}

/**
 * The secret store the engine uses, following the policy in force: the 0600 file (encrypting with
 * the cipher in mode `encrypt`), or a session store over it in mode `session-only`. The policy can
 * change while the app runs (the user opts in to plain storage): keys set this session are then
 * written.
 */
export class PolicySecretStore implements SecretStore {
  private store: SecretStore;
  private current: SecretPolicy;

  constructor(
    private readonly path: string,
    private readonly cipher: SecretCipher | undefined,
    private readonly env: NodeJS.ProcessEnv,
    policy: SecretPolicy,
  ) {
    this.current = policy;
    this.store = this.storeFor(policy);
  }

  private storeFor(policy: SecretPolicy): SecretStore {
    // The cipher still opens what it wrote before, whatever the mode; it encrypts new values only in mode encrypt.
    const file = new FileSecretStore(this.path, this.cipher, this.env, policy.mode === 'encrypt');
    return policy.mode === 'session-only' ? new SessionSecretStore(file, this.env) : file;
  }

  get policy(): SecretPolicy {
    return this.current;
  }

  /** Switches to another policy; keys held for the session are written when the new one stores them. */
  async setPolicy(policy: SecretPolicy): Promise<void> {
    if (policy.mode === this.current.mode) {
      this.current = policy;
      return;
    }
    const previous = this.store;
    this.current = policy;
    this.store = this.storeFor(policy);
    if (previous instanceof SessionSecretStore && !(this.store instanceof SessionSecretStore)) {
      for (const [name, value] of previous.sessionValues()) await this.store.set(name, value);
    }
  }

  get(name: string): Promise<string | undefined> {
    return this.store.get(name);
  }
  set(name: string, value: string | null): Promise<void> {
    return this.store.set(name, value);
  }
  names(): Promise<string[]> {
    return this.store.names();
  }
  unreadable(): Promise<string[]> {
    return this.store.unreadable();
  }
}

/** What Settings needs of the secret storage: its description, and the user's opt-in to plain storage. */
export interface SecretStorageControl {
  view(): SecretStorageView;
  /** Follows the user's choice (settings.secrets.allowPlainText). */
  allowPlainText(allow: boolean): Promise<void>;
}

export interface SecretStorageOptions {
  path: string;
  /** The shell's cipher (Electron safeStorage); none in headless engines. */
  cipher?: SecretCipher;
  /** What the shell learned of the OS keychain; none in headless engines. */
  facts?: SecretStorageFacts;
  env: NodeJS.ProcessEnv;
  allowPlainText: boolean;
}

/** The engine's secret store and its control, following `secretPolicy` (desktop) or the headless policy. */
export function createSecretStorage(options: SecretStorageOptions): { store: PolicySecretStore; control: SecretStorageControl } {
  const policyFor = (allow: boolean): SecretPolicy =>
    options.facts
      ? // Without a cipher nothing can be encrypted, whatever the facts say.
        secretPolicy({ ...options.facts, ...(options.cipher ? {} : { asyncAvailable: false, syncAvailable: false }), userOptedInPlain: allow })
      : options.cipher
        ? { mode: 'encrypt' }
        : HEADLESS_SECRET_POLICY;
  let allowed = options.allowPlainText;
  const store = new PolicySecretStore(options.path, options.cipher, options.env, policyFor(allowed));
  return {
    store,
    control: {
      view: () => secretStorageView(store.policy, options.facts, allowed),
      async allowPlainText(allow) {
        allowed = allow;
        await store.setPolicy(policyFor(allow));
      },
    },
  };
}
