import { createHash } from 'node:crypto';

/** The charset and length every LLM provider accepts for a function name. */
export const PROVIDER_SAFE_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const SEPARATOR = '__';
const MAX_PREFIX = 24;

function shortHash(value: string, length = 6): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

function clean(value: string): string {
  return value
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The prefix a server's tools get: its name in the safe charset, without `__` (which separates
 * server and tool), at most 24 characters. Two servers must not share a prefix.
 */
export function serverPrefix(serverName: string): string {
  const cleaned = clean(serverName).replace(/_+/g, '_');
  if (cleaned && cleaned.length <= MAX_PREFIX) return cleaned;
  const base = (cleaned || 'server').slice(0, MAX_PREFIX - 7).replace(/_+$/, '');
  return `${base}_${shortHash(serverName)}`;
}

/**
 * `<server>__<tool>`, in `^[a-zA-Z0-9_-]{1,64}$`. When the tool name has characters outside the
 * charset or the result is too long, the readable part is kept and a hash of the original name
 * is appended, so distinct tools never get the same name.
 */
export function namespacedToolName(serverName: string, toolName: string): string {
  const prefix = serverPrefix(serverName);
  const plain = `${prefix}${SEPARATOR}${toolName}`;
  if (PROVIDER_SAFE_NAME.test(plain)) return plain;
  const suffix = `_${shortHash(toolName, 8)}`;
  const room = 64 - prefix.length - SEPARATOR.length - suffix.length;
  const readable = clean(toolName).slice(0, Math.max(0, room));
  return `${prefix}${SEPARATOR}${readable}${suffix}`;
}
