import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { McpServer } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import { displayCommandLine } from '@shared/mcp/command-line';
import type { LaunchCheck } from './approvals';
import { resolveCommand, serverEnvironment } from './command';
import type { Endpoint } from './connection';
import { launchHash } from './pins';
import type { StdioTransportOptions } from './stdio-transport';

export interface SecretReader {
  get(name: string): Promise<string | undefined>;
}

async function readSecrets(
  server: McpServer,
  names: Record<string, string>,
  secrets: SecretReader | undefined,
  what: string,
) {
  const out: Record<string, string> = {};
  for (const [key, secret] of Object.entries(names)) {
    const value = await secrets?.get(secret);
    if (value === undefined || value === '') {
      throw new AppError(
        'CONFIG',
        `MCP server "${server.name}" needs the secret "${secret}" (${what} ${key}), which is not set.`,
        {
          hint: `Add the server again from the MCP page (Add an MCP server › From the catalog), which asks for "${secret}", or set the ${what} ${key} directly in the server's settings; then start it again.`,
        },
      );
    }
    out[key] = value;
  }
  return out;
}

export interface PreparedLaunch {
  endpoint: Endpoint;
  /** Set for stdio servers: what the user must have consented to before the process starts. */
  consent?: Omit<LaunchCheck, 'server' | 'signal'>;
}

/**
 * Turns a server config into something to connect to: for stdio, the command resolved like a
 * terminal would, the working folder checked, the environment built from the allowlist plus the
 * server's own variables and secrets; for remote servers, the headers with secrets filled in.
 */
export async function prepareLaunch(
  server: McpServer,
  deps: {
    secrets?: SecretReader | undefined;
    path: () => Promise<string>;
    stdio: Omit<StdioTransportOptions, 'onLog'>;
  },
  onLog: StdioTransportOptions['onLog'],
): Promise<PreparedLaunch> {
  const t = server.transport;
  if (t.type !== 'stdio') {
    const headers = {
      ...t.headers,
      ...(await readSecrets(server, server.secretHeaders, deps.secrets, 'header')),
    };
    return {
      endpoint:
        t.type === 'http'
          ? { type: 'http', url: t.url, headers, fallbackToSse: t.fallbackToSse }
          : { type: 'sse', url: t.url, headers },
    };
  }
  if (t.cwd !== undefined) {
    let isDir = false;
    try {
      isDir = isAbsolute(t.cwd) && statSync(t.cwd).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      throw new AppError(
        'CONFIG',
        `The working folder of "${server.name}" does not exist: ${t.cwd}`,
        {
          hint: 'Set an existing absolute folder, or clear the working folder.',
        },
      );
    }
  }
  const path = await deps.path();
  const command = resolveCommand(t.command, { path, cwd: t.cwd, pathExt: process.env.PATHEXT });
  const own = {
    ...t.env,
    ...(await readSecrets(server, server.secretEnv, deps.secrets, 'variable')),
  };
  const env = serverEnvironment({ own, path });
  return {
    endpoint: {
      type: 'stdio',
      launch: { command, args: t.args, env, cwd: t.cwd },
      options: { ...deps.stdio, onLog },
    },
    consent: {
      command,
      args: t.args,
      cwd: t.cwd,
      envNames: Object.keys(own).sort(),
      commandLine: displayCommandLine(command, t.args),
      hash: launchHash(t, server.secretEnv),
    },
  };
}
