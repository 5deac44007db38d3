import type { McpServer } from '@shared/entities/mcp';
import { displayCommandLine } from '@shared/mcp/command-line';

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
