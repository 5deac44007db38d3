import { randomUUID } from 'node:crypto';
import type { ApiKey, ApiKeyScope, AuditEntry } from '@shared/entities/api-key';
import { AppError } from '@shared/errors';
import { sqlState, UNIQUE_VIOLATION } from '../store/errors';
import type { Db } from '../store/types';
import { KeyRepository, toApiKey, type KeyRow, type NewAuditEntry } from './repository';
import { hashSecret, looksLikeKey, newSecret } from './secret';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a verified key is trusted before the database is asked again (revocations elsewhere). */
const VERIFY_TTL_MS = 5_000;
/** `lastUsedAt` is written at most this often per key. */
const LAST_USED_EVERY_MS = 60_000;
/** Audit entries older than this are deleted when the engine starts. */
const AUDIT_KEEP_DAYS = 90;

/** A key that passed verification: what a call made with it may do. */
export interface KeyPrincipal {
  id: string;
  name: string;
  scope: ApiKeyScope;
}

export interface KeyServiceOptions {
  now?: () => Date;
  onError?: (message: string, error: unknown) => void;
}

function unauthorized(message: string): AppError {
  return new AppError('UNAUTHORIZED', message, { hint: 'Ask an admin for a valid key (agent-factory keys create <name> --scope <scope>).' });
}

/** API keys: made with a secret shown once, stored hashed, verified on every call, revocable; and the audit log of their calls. */
export class KeyService {
  readonly repo: KeyRepository;
  private readonly now: () => Date;
  private readonly verified = new Map<string, { row: KeyRow; at: number }>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    db: Db,
    private readonly options: KeyServiceOptions = {},
  ) {
    this.repo = new KeyRepository(db);
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.repo.pruneAudit(new Date(this.now().getTime() - AUDIT_KEEP_DAYS * DAY_MS));
  }

  async list(): Promise<ApiKey[]> {
    return (await this.repo.list()).map(toApiKey);
  }

  async create(input: { name: string; scope: ApiKeyScope; expiresInDays?: number }): Promise<{ key: ApiKey; secret: string }> {
    const { secret, prefix } = newSecret();
    const now = this.now();
    try {
      const row = await this.repo.insert({
        id: randomUUID(),
        name: input.name,
        scope: input.scope,
        prefix,
        hash: hashSecret(secret),
        createdAt: now,
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
      });
      return { key: toApiKey(row), secret };
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION)
        throw new AppError('CONFLICT', `A key named "${input.name}" exists already.`, { hint: 'Pick another name, or revoke that key first (names stay taken).', cause: error });
      throw error;
    }
  }

  async revoke(ref: string): Promise<ApiKey> {
    const row = await this.repo.byRef(ref);
    if (!row) throw new AppError('NOT_FOUND', `No API key "${ref}".`, { hint: 'See the keys with agent-factory keys list.' });
    const saved = row.revokedAt ? row : ((await this.repo.update(row.id, { revokedAt: this.now() })) ?? row);
    this.verified.delete(row.hash);
    return toApiKey(saved);
  }

  /**
   * The key whose secret this is; UNAUTHORIZED when it is unknown, revoked or expired. Checked on
   * every call (a revocation applies to connections already open, within a few seconds when made
   * by another engine on the same database, at once when made by this one).
   */
  async verify(secret: string): Promise<KeyPrincipal> {
    if (!looksLikeKey(secret)) throw unauthorized('Not an API key.');
    const hash = hashSecret(secret);
    const nowMs = this.now().getTime();
    const cached = this.verified.get(hash);
    let row = cached && nowMs - cached.at < VERIFY_TTL_MS ? cached.row : undefined;
    if (!row) {
      row = await this.repo.byHash(hash);
      if (!row) {
        this.verified.delete(hash);
        throw unauthorized('Unknown API key.');
      }
      this.verified.set(hash, { row, at: nowMs });
    }
    if (row.revokedAt) throw unauthorized(`The API key "${row.name}" was revoked.`);
    if (row.expiresAt && row.expiresAt.getTime() <= nowMs) throw unauthorized(`The API key "${row.name}" expired on ${row.expiresAt.toISOString()}.`);
    this.touch(row.id, nowMs);
    return { id: row.id, name: row.name, scope: row.scope as ApiKeyScope };
  }

  /** Writes one audit entry; a failure is reported, never the caller's. */
  async record(entry: NewAuditEntry): Promise<void> {
    try {
      await this.repo.addAudit(randomUUID(), entry);
    } catch (error) {
      this.options.onError?.('could not write an audit entry', error);
    }
  }

  async audit(limit: number, keyRef?: string): Promise<AuditEntry[]> {
    const keyId = keyRef ? ((await this.repo.byRef(keyRef))?.id ?? keyRef) : undefined;
    return this.repo.audit(limit, keyId);
  }

  private touch(id: string, nowMs: number): void {
    const last = this.lastUsedWritten.get(id);
    if (last !== undefined && nowMs - last < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(id, nowMs);
    void this.repo.update(id, { lastUsedAt: new Date(nowMs) }).catch((error: unknown) => this.options.onError?.('could not note when a key was used', error));
  }
}
