import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { isSecretName, SECRET_ENV, SECRET_NAMES } from '@shared/entities/settings';

/** Where API keys live. The renderer only ever learns whether a secret is set. */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string | null): Promise<void>;
  /** Names of the secrets that are set. */
  names(): Promise<string[]>;
}

/** Encryption the shell can provide (Electron's safeStorage); headless stores plain text in a 0600 file. */
export interface SecretCipher {
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
}

const SecretFile = z.object({ encrypted: z.boolean(), values: z.record(z.string(), z.string()) });

export class FileSecretStore implements SecretStore {
  constructor(
    private readonly path: string,
    private readonly cipher?: SecretCipher,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    const parsed = SecretFile.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
    if (!parsed.success) return {};
    const { encrypted, values } = parsed.data;
    if (!encrypted) return values;
    if (!this.cipher) return {};
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, this.cipher!.decrypt(v)]));
  }

  private write(values: Record<string, string>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const stored = this.cipher
      ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, this.cipher!.encrypt(v)]))
      : values;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ encrypted: !!this.cipher, values: stored }), { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  async get(name: string): Promise<string | undefined> {
    // Environment variables (SECRET_ENV) provide secrets without storing them, and win over the file.
    const fromEnv = isSecretName(name) ? this.env[SECRET_ENV[name]] : undefined;
    return fromEnv || this.read()[name];
  }

  async set(name: string, value: string | null): Promise<void> {
    const values = this.read();
    if (value === null || value === '') delete values[name];
    else values[name] = value;
    this.write(values);
  }

  async names(): Promise<string[]> {
    const names = new Set(Object.keys(this.read()));
    for (const name of SECRET_NAMES) if (this.env[SECRET_ENV[name]]) names.add(name);
    return [...names].sort();
  }
}
