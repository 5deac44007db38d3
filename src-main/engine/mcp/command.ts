import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter as hostDelimiter, isAbsolute, join, resolve } from 'node:path';
import { AppError } from '@shared/errors';

/** Variables a server inherits from the app; everything else it gets only from its own config. */
const INHERITED_POSIX = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TERM',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TMPDIR',
  'TZ',
];
const INHERITED_WINDOWS = [
  'PATH',
  'PATHEXT',
  'SystemRoot',
  'SystemDrive',
  'windir',
  'ComSpec',
  'APPDATA',
  'LOCALAPPDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'USERPROFILE',
  'USERNAME',
  'USERDOMAIN',
  'TEMP',
  'TMP',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'ProgramData',
  'PROCESSOR_ARCHITECTURE',
  'NUMBER_OF_PROCESSORS',
  'OS',
];

function lookup(
  env: NodeJS.ProcessEnv,
  key: string,
  platform: NodeJS.Platform,
): string | undefined {
  if (platform !== 'win32') return env[key];
  const found = Object.keys(env).find((k) => k.toUpperCase() === key.toUpperCase());
  return found === undefined ? undefined : env[found];
}

/**
 * The environment of a server process: the allowlisted variables of the app (shell functions
 * skipped), PATH replaced by the user's terminal PATH, then the server's own variables on top.
 */
export function serverEnvironment(options: {
  own: Record<string, string>;
  path: string;
  platform?: NodeJS.Platform;
  base?: NodeJS.ProcessEnv;
}): Record<string, string> {
  const platform = options.platform ?? process.platform;
  const base = options.base ?? process.env;
  const env: Record<string, string> = {};
  for (const key of platform === 'win32' ? INHERITED_WINDOWS : INHERITED_POSIX) {
    const value = lookup(base, key, platform);
    if (value !== undefined && !value.startsWith('()')) env[key] = value;
  }
  env.PATH = options.path;
  for (const [key, value] of Object.entries(options.own)) {
    if (platform === 'win32') {
      for (const existing of Object.keys(env))
        if (existing.toUpperCase() === key.toUpperCase()) delete env[existing];
    }
    env[key] = value;
  }
  return env;
}

const MARK = '__AGENT_FACTORY_PATH__';

/**
 * Runs the login shell once to read the PATH a terminal would have (GUI apps get a short one).
 * Detached, so an interactive shell cannot take over the app's terminal.
 */
export function readLoginShellPath(shell: string, timeoutMs = 10_000): Promise<string | undefined> {
  return new Promise((done) => {
    let out = '';
    const child = spawn(shell, ['-ilc', `printf '%s%s%s' '${MARK}' "$PATH" '${MARK}'`], {
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, DISABLE_AUTO_UPDATE: 'true' },
      windowsHide: true,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const finish = () => {
      clearTimeout(timer);
      const match = new RegExp(`${MARK}(.*)${MARK}`, 's').exec(out);
      done(match?.[1]?.trim() || undefined);
    };
    child.once('error', finish);
    child.once('close', finish);
  });
}

/** Joins PATH lists, first occurrence wins, empty entries dropped. */
export function mergePaths(lists: Array<string | undefined>, delimiter = hostDelimiter): string {
  const seen = new Set<string>();
  for (const list of lists) for (const dir of (list ?? '').split(delimiter)) if (dir) seen.add(dir);
  return [...seen].join(delimiter);
}

let cachedPath: Promise<string> | undefined;

/**
 * The PATH servers are started with: on macOS and Linux the login shell's PATH (read once and
 * cached) followed by the app's own; on Windows the app's PATH, which already is the user's.
 */
export function userPath(): Promise<string> {
  if (!cachedPath) {
    const own = process.env.PATH ?? '';
    const shell = process.env.SHELL;
    cachedPath =
      process.platform === 'win32' || !shell
        ? Promise.resolve(lookup(process.env, 'PATH', process.platform) ?? '')
        : readLoginShellPath(shell).then((login) => mergePaths([login, own]));
  }
  return cachedPath;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runtimes users commonly reference in MCP configs, and what to install for each. */
const INSTALL_HINTS: Record<string, string> = {
  npx: 'install Node.js (https://nodejs.org)',
  node: 'install Node.js (https://nodejs.org)',
  npm: 'install Node.js (https://nodejs.org)',
  uvx: 'install uv (https://docs.astral.sh/uv/)',
  uv: 'install uv (https://docs.astral.sh/uv/)',
  python: 'install Python (https://python.org)',
  python3: 'install Python (https://python.org)',
  docker: 'install Docker (https://docker.com)',
  deno: 'install Deno (https://deno.com)',
  bun: 'install Bun (https://bun.sh)',
};

export interface ResolveOptions {
  path: string;
  cwd?: string | undefined;
  platform?: NodeJS.Platform;
  /** Windows executable extensions (PATHEXT). */
  pathExt?: string;
}

/**
 * Finds the file a terminal would run for `command`, as an absolute path. On Windows the PATHEXT
 * extensions are tried, so `npx` finds the `npx.cmd` shim. Throws a CONFIG AppError that says
 * what to install or set when nothing is found.
 */
export function resolveCommand(command: string, options: ResolveOptions): string {
  // Paths are joined the host's way; `platform` selects the search rules (PATHEXT, ';').
  const platform = options.platform ?? process.platform;
  const delimiter = platform === 'win32' ? ';' : ':';
  const extensions =
    platform === 'win32'
      ? [
          '',
          ...(options.pathExt ?? '.COM;.EXE;.BAT;.CMD')
            .split(';')
            .filter(Boolean)
            .flatMap((e) => [e.toLowerCase(), e.toUpperCase()]),
        ]
      : [''];
  const hasDir = command.includes('/') || (platform === 'win32' && command.includes('\\'));
  const dirs = hasDir ? [''] : options.path.split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const base = hasDir
      ? isAbsolute(command)
        ? command
        : resolve(options.cwd ?? process.cwd(), command)
      : join(dir, command);
    for (const ext of extensions) {
      const candidate = base + ext;
      if (isExecutable(candidate, platform)) return candidate;
    }
  }
  const name = basename(command).replace(/\.(exe|cmd|bat|com)$/i, '');
  const install = INSTALL_HINTS[name.toLowerCase()];
  if (hasDir) {
    throw new AppError('CONFIG', `\`${command}\` does not exist or is not executable.`, {
      hint: 'Check the path in the server settings, or use the command name alone to search the PATH.',
    });
  }
  throw new AppError(
    'CONFIG',
    `\`${command}\` not found on PATH (searched ${dirs.length} folders)${install ? `; ${install}` : ''}, or set the full path to \`${command}\` in the server settings.`,
    {
      hint: `Run \`${platform === 'win32' ? 'where' : 'which'} ${command}\` in a terminal to find the full path.`,
    },
  );
}
