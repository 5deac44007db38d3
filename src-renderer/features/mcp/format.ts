import type { McpServer } from '@shared/entities/mcp';

/**
 * A command line as a POSIX shell would need it typed, for showing to the user (never executed).
 * The same quoting as the engine's launch approval, so both show the same text.
 */
export function displayCommandLine(command: string, args: readonly string[]): string {
  const quote = (part: string) =>
    /^[A-Za-z0-9_@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`;
  return [command, ...args].map(quote).join(' ');
}

/** The command line of a stdio server, or the URL of a remote one. */
export function endpointText(server: McpServer): string {
  const t = server.transport;
  return t.type === 'stdio' ? displayCommandLine(t.command, t.args) : t.url;
}

/** A short description of where a server runs, for lists. */
export function endpointSummary(server: McpServer): string {
  const t = server.transport;
  if (t.type === 'stdio') {
    const pkg = t.args.find((a) => !a.startsWith('-'));
    return pkg ? `${t.command} ${pkg}` : t.command;
  }
  try {
    return `${t.type} · ${new URL(t.url).host}`;
  } catch {
    return t.type;
  }
}

/** Milliseconds for tables: "8.5 ms", "120 ms", "1.40 s", or "—". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Local time of an ISO timestamp (HH:MM:SS). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour12: false });
}

/** Whether a path is absolute on POSIX or Windows (the engine requires absolute roots). */
export function isAbsolutePath(path: string): boolean {
  return /^\//.test(path) || /^[A-Za-z]:[\\/]/.test(path) || /^\\\\/.test(path);
}
