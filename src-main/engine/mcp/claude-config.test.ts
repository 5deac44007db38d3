import { describe, expect, test } from 'vitest';
import type { McpServer } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import { describeJsonError, parseJson } from '@shared/json-text';
import { parseJsonText, parseServersConfig, serializeServersConfig } from './claude-config';

function fails(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('parseServersConfig', () => {
  test('reads the superset of keys that common clients write, ignoring unknown ones', () => {
    const servers = parseServersConfig(
      JSON.stringify({
        mcpServers: {
          files: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp', 8080],
            env: { DEBUG: true },
            alwaysAllow: ['read_file'],
            timeout: 60,
            icon: 'x',
          },
          remote: {
            type: 'streamable-http',
            url: 'https://mcp.example.com/mcp',
            headers: { Authorization: 'Bearer t' },
            disabled: true,
          },
          legacy: { type: 'sse', baseUrl: 'http://localhost:9000/sse', isActive: false },
          implicit: { url: 'https://x.example/mcp', autoStart: false },
        },
        globalShortcut: 'ignored',
      }),
    );
    expect(servers.map((s) => [s.name, s.transport.type, s.enabled, s.autoStart])).toEqual([
      ['files', 'stdio', true, true],
      ['remote', 'http', false, true],
      ['legacy', 'sse', false, true],
      ['implicit', 'http', true, false],
    ]);
    expect(servers[0]).toMatchObject({
      transport: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp', '8080'],
        env: { DEBUG: 'true' },
      },
      approval: { default: 'ask', tools: { read_file: 'allow' } },
    });
    expect(servers[1]!.transport).toEqual({
      type: 'http',
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: 'Bearer t' },
      fallbackToSse: true,
    });
  });

  test('a JSON syntax error names the line and column', () => {
    const error = fails(() =>
      parseServersConfig('{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}'),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^The MCP config is not valid JSON: .* at line 4, column 5\.$/);
    expect(fails(() => parseJsonText('{"a": ', 'File')).message).toMatch(/at line 1, column 7\.$/);
  });

  test('the CLI names the same line and column as the UI for the same malformed text', () => {
    for (const text of [
      '{\r\n\t"mcpServers": {\r\n\t\t"a": { "command": "x" }\r\n\t\t"b": {}\r\n\t}\r\n}',
      '{\r\n\t"a": [1,\t]\r\n}',
      '{\r\n\t"a": tru\r\n}',
      '{"a": "x\ty"}',
      '{"a": 1}\r\nx',
      '{\r"a": 1\r"b": 2}',
    ]) {
      const ui = parseJson(text);
      if (ui.ok) throw new Error(`expected a syntax error in ${JSON.stringify(text)}`);
      const cli = fails(() => parseJsonText(text, 'The MCP config'));
      expect(cli.message, JSON.stringify(text)).toContain(
        `at line ${ui.line}, column ${ui.column}.`,
      );
      expect(cli.issues?.[0]?.message).toBe(describeJsonError(ui));
    }
    expect(fails(() => parseJsonText('{\r\n\t"a": [1,\t]\r\n}', 'File')).message).toBe(
      'File is not valid JSON: Unexpected "]" at line 2, column 11.',
    );
  });

  test('one bad entry rejects the whole file, naming the entry and field', () => {
    const error = fails(() =>
      parseServersConfig(
        JSON.stringify({ mcpServers: { ok: { command: 'node' }, bad: { args: ['x'] } } }),
      ),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^Server "bad" in the MCP config: transport\.command: /);
    expect(error.issues?.[0]?.path).toEqual(['mcpServers', 'bad', 'transport', 'command']);
    expect(fails(() => parseServersConfig('{"servers": 1}')).message).toMatch(
      /no "mcpServers" object/,
    );
    expect(
      fails(() =>
        parseServersConfig('{"mcpServers": {"A": {"command": "x"}, "a": {"command": "y"}}}'),
      ).message,
    ).toMatch(/Duplicate server name/);
  });

  test('export then import gives back the same servers', () => {
    const input = parseServersConfig(
      JSON.stringify({
        mcpServers: {
          files: {
            command: '/usr/bin/node',
            args: ['server.js', 'a b'],
            env: { X: '1' },
            cwd: '/srv',
            alwaysAllow: ['read'],
          },
          remote: {
            type: 'http',
            url: 'https://e.example/mcp',
            headers: { 'X-Key': 'v' },
            disabled: true,
            autoStart: false,
          },
          legacy: { type: 'sse', url: 'http://localhost:1/sse' },
        },
      }),
    );
    const stored: McpServer[] = input.map((s, i) => ({
      ...s,
      approval: i === 1 ? { default: 'deny' as const, tools: { x: 'ask' as const } } : s.approval,
      secretEnv: i === 0 ? { TOKEN: 'files.token' } : ({} as Record<string, string>),
      roots: i === 0 ? ['/srv/data'] : [],
      toolTimeoutMs: 5000,
      id: `id${i}`,
      consent: { tools: {} },
      createdAt: '',
      updatedAt: '',
    }));
    const text = serializeServersConfig(stored);
    expect(JSON.parse(text).mcpServers.files).toMatchObject({
      command: '/usr/bin/node',
      alwaysAllow: ['read'],
    });
    const back = parseServersConfig(text);
    expect(back).toEqual(
      stored.map(({ id: _i, consent: _c, createdAt: _a, updatedAt: _u, ...rest }) => rest),
    );
  });
});
