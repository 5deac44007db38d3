import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMethodName, type EventName } from '@shared/api/index';
import { METRICS_CALL, scopeIncludes, scopeNeeded } from '@shared/api/scopes';
import type { ApiKeyScope, AuditOutcome } from '@shared/entities/api-key';
import { AppError, isAppError } from '@shared/errors';
import type { CallResult } from '@shared/wire';
import type { CallContext } from '../engine/handlers';
import type { Router } from './router';
import { sameToken } from './token';

/** A verified API key: who made a call and what it may do. */
export interface KeyIdentity {
  id: string;
  name: string;
  scope: ApiKeyScope;
}

/** What the transports need of the engine's keys (KeyService fits). */
export interface KeyAuthority {
  /** The key whose secret this is; throws UNAUTHORIZED when unknown, revoked or expired. */
  verify(secret: string): Promise<KeyIdentity>;
  /** Writes one audit entry (never the call's input); does not throw. */
  record(entry: { keyId: string; keyName: string; method: string; outcome: AuditOutcome; code?: string }): Promise<void>;
}

/** Who is calling: the per-start token (full access) or an API key (its scope). */
export type Principal = { kind: 'token' } | { kind: 'key'; key: KeyIdentity; secret: string };

/** A call as checked against a scope: a method of the contract, an event subscription, or `GET /metrics`. */
export type GatedCall = string;

export interface GateOptions {
  token: string;
  /** False beyond loopback: then only API keys are accepted. */
  tokenAccepted: boolean;
  keys?: KeyAuthority;
}

/** The credential of a request: `Authorization: Bearer <x>`, else the `token` query parameter. */
export function credentialOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  const bearer = header && /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  return bearer || url.searchParams.get('token') || undefined;
}

function unauthorized(message: string, hint: string): AppError {
  return new AppError('UNAUTHORIZED', message, { hint });
}

export function forbidden(key: KeyIdentity, call: GatedCall, needed: ApiKeyScope): AppError {
  return new AppError('FORBIDDEN', `The key "${key.name}" (scope ${key.scope}) may not call ${call}: it needs the ${needed} scope.`, {
    hint: `Use a key with the ${needed} scope (agent-factory keys create <name> --scope ${needed}).`,
  });
}

/** The scope a call needs; a name the contract does not know needs admin (the router then says it is unknown). */
function neededFor(call: GatedCall): ApiKeyScope {
  if (call === METRICS_CALL || call.startsWith('subscribe:') || isMethodName(call)) return scopeNeeded(call as Parameters<typeof scopeNeeded>[0]);
  return 'admin';
}

/**
 * Authentication and authorisation of every call: the per-start token (only where it is
 * accepted, i.e. on loopback) or an API key, re-verified on every call (a revoked or expired key
 * stops working on connections already open), checked against the call's scope and audited.
 */
export class Gate {
  constructor(private readonly options: GateOptions) {}

  get keysEnabled(): boolean {
    return this.options.keys !== undefined;
  }

  /** The principal of a credential; throws UNAUTHORIZED. */
  async authenticate(credential: string | undefined): Promise<Principal> {
    const { token, tokenAccepted, keys } = this.options;
    if (!credential) throw unauthorized('No token or API key.', 'Send an API key as `Authorization: Bearer <key>` or in the `token` query parameter.');
    if (sameToken(credential, token)) {
      if (tokenAccepted) return { kind: 'token' };
      throw unauthorized('The per-start token works only on loopback.', 'This server listens beyond loopback: use an API key (agent-factory keys create <name> --scope <scope>).');
    }
    if (!keys) throw unauthorized('Wrong token.', 'Open the URL printed by `agent-factory serve`, including its token.');
    const key = await keys.verify(credential);
    return { kind: 'key', key, secret: credential };
  }

  /** Whether the principal may still make calls (a key revoked or expired since: no). */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.kind === 'token' || !this.options.keys) return true;
    try {
      await this.options.keys.verify(principal.secret);
      return true;
    } catch {
      return false;
    }
  }

  /** Checks the principal may make `call`, auditing a refusal; throws UNAUTHORIZED or FORBIDDEN. */
  async authorize(principal: Principal, call: GatedCall): Promise<void> {
    if (principal.kind === 'token') return;
    const keys = this.options.keys!;
    let key: KeyIdentity;
    try {
      key = await keys.verify(principal.secret);
    } catch (error) {
      await keys.record({ keyId: principal.key.id, keyName: principal.key.name, method: call, outcome: 'error', code: isAppError(error) ? error.code : 'UNAUTHORIZED' });
      throw error;
    }
    const needed = neededFor(call);
    if (!scopeIncludes(key.scope, needed)) {
      await keys.record({ keyId: key.id, keyName: key.name, method: call, outcome: 'forbidden', code: 'FORBIDDEN' });
      throw forbidden(key, call, needed);
    }
  }

  /** Audits a call the principal made (nothing for the token). */
  async audit(principal: Principal, call: GatedCall, outcome: AuditOutcome, code?: string): Promise<void> {
    if (principal.kind !== 'key') return;
    await this.options.keys!.record({ keyId: principal.key.id, keyName: principal.key.name, method: call, outcome, ...(code ? { code } : {}) });
  }

  /** Dispatches one call of the contract as the principal: checked, run, audited. */
  async dispatch(router: Router, principal: Principal, method: string, input: unknown, ctx: CallContext): Promise<CallResult> {
    try {
      await this.authorize(principal, method);
    } catch (error) {
      return { ok: false, error: (isAppError(error) ? error : new AppError('INTERNAL', String(error))).toJSON() };
    }
    const result = await router.dispatch(method, input, principal.kind === 'key' ? { ...ctx, key: principal.key } : ctx);
    await this.audit(principal, method, result.ok ? 'ok' : 'error', result.ok ? undefined : result.error.code);
    return result;
  }

  /** Whether the principal may subscribe to an event (audited for keys); throws FORBIDDEN. */
  async subscribe(principal: Principal, event: EventName): Promise<void> {
    const call = `subscribe:${event}`;
    await this.authorize(principal, call);
    await this.audit(principal, call, 'ok');
  }

  /**
   * For an HTTP route that needs a key or the token (e.g. `GET /metrics`): authenticates and
   * authorises the request, answering 401/403 itself when refused. Resolves with the principal, or
   * undefined when the request was answered. The caller audits the outcome with `audit`.
   */
  async http(req: IncomingMessage, res: ServerResponse, call: GatedCall): Promise<Principal | undefined> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const principal = await this.authenticate(credentialOf(req, url));
      await this.authorize(principal, call);
      return principal;
    } catch (error) {
      const appError = isAppError(error) ? error : new AppError('INTERNAL', String(error));
      const status = appError.code === 'FORBIDDEN' ? 403 : appError.code === 'UNAUTHORIZED' ? 401 : 500;
      res
        .writeHead(status, { 'Content-Type': 'application/json', ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}) })
        .end(JSON.stringify({ error: appError.toJSON() }));
      return undefined;
    }
  }
}
