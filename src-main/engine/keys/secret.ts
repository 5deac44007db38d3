import { createHash, randomBytes } from 'node:crypto';

/**
 * An API key's secret: `af_<prefix>_<random>`. The prefix (8 hex characters) is public, shown in
 * listings to tell keys apart; the random part (32 bytes) is what makes it secret.
 */
const SECRET = /^af_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function newSecret(): { secret: string; prefix: string } {
  const prefix = randomBytes(4).toString('hex');
  return { secret: `af_${prefix}_${randomBytes(32).toString('base64url')}`, prefix: `af_${prefix}` };
}

/** Whether `value` has the shape of a key's secret (the per-start token does not). */
export function looksLikeKey(value: string): boolean {
  return SECRET.test(value);
}

/** What is stored instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
