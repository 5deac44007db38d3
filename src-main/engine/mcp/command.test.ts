import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { AppError } from '@shared/errors';
import { mergePaths, readLoginShellPath, resolveCommand, serverEnvironment } from './command';

const dir = mkdtempSync(join(tmpdir(), 'af-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(path: string, mode = 0o755) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

describe('resolveCommand', () => {
  test('finds a command on the PATH, first folder first, skipping files that are not executable', () => {
    file(join(dir, 'one', 'tool'), 0o644);
    const second = file(join(dir, 'two', 'tool'));
    file(join(dir, 'three', 'tool'));
    const path = [join(dir, 'one'), join(dir, 'two'), join(dir, 'three')].join(':');
    expect(resolveCommand('tool', { path, platform: 'linux' })).toBe(second);
  });

  test('a path with a folder is taken relative to the working folder', () => {
    const local = file(join(dir, 'proj', 'bin', 'server'));
    expect(
      resolveCommand('./bin/server', { path: '', cwd: join(dir, 'proj'), platform: 'linux' }),
    ).toBe(local);
  });

  test('a missing command says what to install instead of "spawn ENOENT"', () => {
    const error = (() => {
      try {
        resolveCommand('npx', { path: join(dir, 'empty'), platform: 'linux' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFIG');
    expect((error as AppError).message).toBe(
      '`npx` not found on PATH (searched 1 folders); install Node.js (https://nodejs.org), or set the full path to `npx` in the server settings.',
    );
  });

  test('on Windows, PATHEXT finds the .cmd shim of a bare name', () => {
    const shim = file(join(dir, 'win', 'npx.cmd'), 0o644);
    expect(
      resolveCommand('npx', {
        path: join(dir, 'win'),
        platform: 'win32',
        pathExt: '.COM;.EXE;.CMD',
      }),
    ).toBe(shim);
  });
});

describe('serverEnvironment', () => {
  const base = {
    PATH: '/usr/bin',
    HOME: '/home/u',
    AWS_SECRET_ACCESS_KEY: 'leak',
    LANG: 'C.UTF-8',
    BASH_FUNC_x: '() { :; }',
    TERM: '() { evil; }',
  };

  test('passes only the allowlist (no shell functions), the user PATH, then the server env on top', () => {
    expect(
      serverEnvironment({
        own: { API_KEY: 'k', LANG: 'fr_FR' },
        path: '/opt/bin:/usr/bin',
        platform: 'linux',
        base,
      }),
    ).toEqual({
      PATH: '/opt/bin:/usr/bin',
      HOME: '/home/u',
      LANG: 'fr_FR',
      API_KEY: 'k',
    });
  });

  test('on Windows, names are matched without case', () => {
    const env = serverEnvironment({
      own: { Path: 'C:\\mine' },
      path: 'C:\\Windows',
      platform: 'win32',
      base: { SYSTEMROOT: 'C:\\Windows', Secret: 'x' },
    });
    expect(env).toEqual({ SystemRoot: 'C:\\Windows', Path: 'C:\\mine' });
  });
});

describe('login shell PATH', () => {
  test('reads PATH from a login shell and merges it before the app PATH without duplicates', async () => {
    const path = await readLoginShellPath('/bin/sh');
    expect(path).toBeTruthy();
    expect(path!.split(':').length).toBeGreaterThan(0);
    expect(mergePaths(['/a:/b', '/b:/c::'], ':')).toBe('/a:/b:/c');
  });

  test('a shell that does not exist gives undefined, not an error', async () => {
    expect(await readLoginShellPath(join(dir, 'no-shell'))).toBeUndefined();
  });
});
