import { describe, expect, test } from 'vitest';
import { CatalogEntry, McpServerInput } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import { CATALOG, catalogServerInput } from './catalog';

describe('catalog', () => {
  test('has the well-known servers, each a valid entry', () => {
    expect(CATALOG.map((e) => e.id)).toEqual([
      'filesystem',
      'memory',
      'sequential-thinking',
      'everything',
      'fetch',
      'git',
      'github',
      'postgres',
      'playwright',
      'brave-search',
    ]);
    for (const entry of CATALOG) expect(CatalogEntry.parse(entry)).toEqual(entry);
  });

  test('filling an entry gives a valid server: folders as args and roots, secrets by name only', () => {
    const files = catalogServerInput('filesystem', { paths: ['/home/me/docs', '/home/me/code'] });
    expect(files.transport).toMatchObject({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/docs', '/home/me/code'],
    });
    expect(files.roots).toEqual(['/home/me/docs', '/home/me/code']);
    const git = catalogServerInput('git', { paths: ['/repo'] });
    expect(git.transport).toMatchObject({
      command: 'uvx',
      args: ['mcp-server-git', '--repository', '/repo'],
    });
    const brave = catalogServerInput('brave-search');
    expect(brave.secretEnv).toEqual({ BRAVE_API_KEY: 'brave.apiKey' });
    expect(brave.transport.type === 'stdio' && brave.transport.env).toEqual({});
    for (const input of [files, git, brave]) expect(McpServerInput.parse(input)).toEqual(input);
  });

  test('a missing requirement or an unknown entry is a typed error', () => {
    expect(() => catalogServerInput('filesystem')).toThrow(AppError);
    expect(() => catalogServerInput('postgres')).toThrow(/needs: Connection URL/);
    expect(() => catalogServerInput('nope')).toThrow(/No catalog server "nope"/);
  });
});
