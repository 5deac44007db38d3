/** Schemes a link in the app may open, outside the app (the OS browser or mail client). */
const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * Whether a link (from a model's answer, a document, a tool result) may be opened outside the
 * app: only absolute http(s) and mailto URLs. `javascript:`, `file:`, `data:`, custom schemes and
 * relative paths are refused, so they are shown as text and the shell never opens them.
 */
export function isExternalLinkAllowed(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || !url.trim()) return false;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  if (!EXTERNAL_SCHEMES.has(parsed.protocol)) return false;
  // `http:foo` parses as a URL but names no host: nothing sensible to open.
  return parsed.protocol === 'mailto:' || /^https?:\/\/[^/?#\s]/i.test(url.trim());
}
