import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { isSecretName, SECRET_ENV, SECRET_NAMES } from '@shared/entities/settings';
import { AppError } from '@shared/errors';

/** Where API keys live. The renderer only ever learns whether a secret is set. */
export interface SecretStore {
  /** The secret's value; throws CONFIG when it is stored encrypted and this process cannot decrypt it. */
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string | null): Promise<void>;
  /** Names of the secrets that are set (readable here or not). */
  names(): Promise<string[]>;
  /** Names of the secrets stored encrypted that this process cannot decrypt (kept untouched). */
  unreadable(): Promise<string[]>;
}

/**
 * Encryption the shell can provide (Electron's safeStorage, whose async API is the one that stays);
 * headless stores plain text in a 0600 file.
 */
export interface SecretCipher {
  encrypt(plain: string): Promise<string>;
  decrypt(cipher: string): Promise<string>;
  /** What encrypts, recorded with each value (e.g. `safeStorage:gnome_libsecret`). */
  readonly backend?: string;
}

/** One stored secret: its value as written (cipher text when encrypted) and how it was written. */
const Entry = z.object({ value: z.string(), encrypted: z.boolean(), backend: z.string().optional() });
type Entry = z.infer<typeof Entry>;
/** The file since entries carry their own encryption marker. */
const SecretFileV2 = z.object({ version: z.literal(2), entries: z.record(z.string(), Entry) });
/** The first format: one marker for the whole file. */
const SecretFileV1 = z.object({ encrypted: z.boolean(), values: z.record(z.string(), z.string()) });

function parseFile(text: string): Record<string, Entry> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const v2 = SecretFileV2.safeParse(json);
  if (v2.success) return v2.data.entries;
  const v1 = SecretFileV1.safeParse(json);
  if (!v1.success) return undefined;
  const { encrypted, values } = v1.data;
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, encrypted }]));
}

export function unreadableSecretError(name: string): AppError {
  const env = isSecretName(name) ? SECRET_ENV[name] : undefined;
  return new AppError('CONFIG', `The secret "${name}" is stored encrypted by the desktop app and cannot be decrypted here.`, {
    hint: `Use the desktop app, or set the key again from here (Settings → API keys${env ? `, or the ${env} environment variable` : ''}); the encrypted value is kept as it is until then.`,
  });
}

/**
 * Secrets in one 0600 JSON file, each entry with its own encryption marker. A process without the
 * cipher an entry was written with (the CLI or `serve` beside the desktop app) never drops or
 * rewrites that entry: it reports it as unreadable and writes it back byte for byte.
 */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly path: string,
    private readonly cipher?: SecretCipher,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** False: new values are written plain even with a cipher (which still opens older entries). */
    private readonly encryptWrites = true,
  ) {}

  /** The stored entries; a file that cannot be parsed reads as empty (and is moved aside before a write). */
  private entries(): { entries: Record<string, Entry>; corrupt: boolean } {
    if (!existsSync(this.path)) return { entries: {}, corrupt: false };
    const entries = parseFile(readFileSync(this.path, 'utf8'));
    return entries ? { entries, corrupt: false } : { entries: {}, corrupt: true };
  }

  /** The plain value of an entry, or undefined when this process cannot decrypt it. */
  private async open(entry: Entry): Promise<string | undefined> {
    if (!entry.encrypted) return entry.value;
    if (!this.cipher) return undefined;
    try {
      return await this.cipher.decrypt(entry.value);
    } catch {
      return undefined;
    }
  }

  private write(entries: Record<string, Entry>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 2, entries }), { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  async get(name: string): Promise<string | undefined> {
    // Environment variables (SECRET_ENV) provide secrets without storing them, and win over the file.
    const fromEnv = isSecretName(name) ? this.env[SECRET_ENV[name]] : undefined;
    if (fromEnv) return fromEnv;
    const entry = this.entries().entries[name];
    if (!entry) return undefined;
    const value = await this.open(entry);
    if (value === undefined) throw unreadableSecretError(name);
    return value;
  }

  async set(name: string, value: string | null): Promise<void> {
    // Encrypt first: the file is read and written with no await in between.
    const cipher = this.encryptWrites ? this.cipher : undefined;
    const entry: Entry | undefined =
      value === null || value === ''
        ? undefined
        : cipher
          ? { value: await cipher.encrypt(value), encrypted: true, ...(cipher.backend ? { backend: cipher.backend } : {}) }
          : { value, encrypted: false };
    const { entries, corrupt } = this.entries();
    // Never overwrite what could not be read: keep it beside the new file for the user.
    if (corrupt) renameSync(this.path, `${this.path}.corrupt-${Date.now()}`);
    if (entry) entries[name] = entry;
    else delete entries[name];
    this.write(entries);
  }

  async names(): Promise<string[]> {
    const names = new Set(Object.keys(this.entries().entries));
    for (const name of SECRET_NAMES) if (this.env[SECRET_ENV[name]]) names.add(name);
    return [...names].sort();
  }

  async unreadable(): Promise<string[]> {
    const { entries } = this.entries();
    const unreadable: string[] = [];
    for (const [name, entry] of Object.entries(entries)) {
      if (isSecretName(name) && this.env[SECRET_ENV[name]]) continue;
      if ((await this.open(entry)) === undefined) unreadable.push(name);
    }
    return unreadable.sort();
  }
}
