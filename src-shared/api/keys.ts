import { z } from 'zod';
import { ApiKey, ApiKeyName, ApiKeyScope, AuditEntry } from '../entities/api-key';
import { method } from './define';

/** A key's id, or its name. */
const KeyRef = z.string().trim().min(1).max(100);

export const keyMethods = {
  /** Every key (revoked and expired ones too), newest first. */
  'keys.list': method(z.object({}).strict().default({}), z.array(ApiKey)),
  /** A new key; its secret is in the answer and nowhere else (only its hash is stored). */
  'keys.create': method(
    z
      .object({
        name: ApiKeyName,
        scope: ApiKeyScope,
        /** Days until it stops working; never when omitted. */
        expiresInDays: z.number().int().min(1, 'At least 1 day').max(3650, 'At most 3650 days').optional(),
      })
      .strict(),
    z.object({ key: ApiKey, secret: z.string() }),
  ),
  /** Revokes a key (by id or name): from now on every call with it is refused. */
  'keys.revoke': method(z.object({ key: KeyRef }).strict(), ApiKey),
  /** The latest calls made with keys (all, or one key's), newest first. */
  'keys.audit': method(
    z
      .object({ limit: z.number().int().min(1).max(1000).default(100), keyId: KeyRef.optional() })
      .strict()
      .default({ limit: 100 }),
    z.array(AuditEntry),
  ),
};
