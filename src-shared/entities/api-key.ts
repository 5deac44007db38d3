import { z } from 'zod';
import { Id } from './agent';

/**
 * What an API key may do. `read`: lists, gets, searches, traces and events; `run`: also start,
 * steer and cancel runs and conversations, and upload; `admin`: everything (settings, secrets, MCP
 * servers, which start processes, keys, deletes). `metrics`: only `GET /metrics`.
 */
export const ApiKeyScope = z.enum(['read', 'run', 'admin', 'metrics']);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const ApiKeyName = z
  .string()
  .trim()
  .min(1, 'Give the key a name')
  .max(100, 'At most 100 characters')
  .regex(/^[\w.@-][\w .@-]*$/, 'Letters, digits, spaces and . _ - @ only');

/** A key as listed: never its secret, only the secret's public start (`prefix`). */
export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  scope: ApiKeyScope,
  /** The start of the secret (`af_xxxxxxxx`), to tell keys apart. */
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const AuditOutcome = z.enum(['ok', 'forbidden', 'error']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/** One call made with a key. Never the call's input. */
export const AuditEntry = z.object({
  keyId: Id,
  keyName: z.string(),
  /** The contract's method, `subscribe:<event>` for an event, or `GET /metrics`. */
  method: z.string(),
  outcome: AuditOutcome,
  /** The error code when the call failed. */
  code: z.string().optional(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
