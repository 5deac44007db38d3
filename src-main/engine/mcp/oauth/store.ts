import { McpOAuthClientConfig } from '@shared/entities/mcp';

/** The part of the engine's secrets store the OAuth client uses. */
export interface OAuthSecrets {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string | null): Promise<void>;
}

export const OAuthClientConfig = McpOAuthClientConfig;
export type OAuthClientConfig = McpOAuthClientConfig;

type Item = 'tokens' | 'client' | 'verifier' | 'discovery' | 'config' | 'redirect';

/** Per-server OAuth state in the secrets store, under `mcp.oauth.<serverId>.<item>` (JSON). */
export class OAuthStore {
  constructor(
    private readonly secrets: OAuthSecrets,
    readonly serverId: string,
  ) {}

  private name(item: Item): string {
    return `mcp.oauth.${this.serverId}.${item}`;
  }

  async read<T>(item: Item): Promise<T | undefined> {
    const raw = await this.secrets.get(this.name(item));
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }

  write(item: Item, value: unknown): Promise<void> {
    return this.secrets.set(this.name(item), value === undefined ? null : JSON.stringify(value));
  }

  async clear(items: Item[]): Promise<void> {
    for (const item of items) await this.secrets.set(this.name(item), null);
  }

  async config(): Promise<OAuthClientConfig | undefined> {
    const raw = await this.read<unknown>('config');
    const parsed = OAuthClientConfig.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }
}
