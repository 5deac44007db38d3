import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport, McpServerView, McpTool, McpToolResult } from '@shared/entities/mcp';
import { runCli, startServe, type Served } from '../helpers/serve';
import { packageBin } from '../mcp/helpers';
import { processesWith } from './helpers';

/**
 * `agent-factory servers …` with the real filesystem and memory servers: in-process first (no app
 * running; each command must leave no server process behind), then through a running `serve`.
 * Each in-process command opens the engine: generous timeouts for a loaded 2-core machine.
 */
describe('agent-factory servers', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'af-servers-cli-'));
  const dataDir = join(root, 'data');
  const files = join(root, 'files');
  const config = {
    mcpServers: {
      files: {
        command: process.execPath,
        args: [packageBin('@modelcontextprotocol/server-filesystem'), files],
      },
      // The memory server ignores its arguments: the folder only lets this test find its process.
      memory: {
        command: process.execPath,
        args: [packageBin('@modelcontextprotocol/server-memory'), root],
        env: { MEMORY_FILE_PATH: join(root, 'memory.jsonl') },
      },
    },
  };
  let served: Served | undefined;
  const cli = async (...args: string[]) => {
    const result = await runCli(dataDir, args);
    // Whatever an in-process command started ends with it.
    if (!served) expect(processesWith(root)).toEqual([]);
    return result;
  };

  beforeAll(() => {
    mkdirSync(dataDir);
    mkdirSync(files);
    writeFileSync(join(files, 'hello.txt'), 'Hello from the test\n');
    writeFileSync(join(root, 'claude_desktop_config.json'), JSON.stringify(config, null, 2));
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('imports a Claude Desktop config, refuses a malformed one with its line and column, and lists them', async () => {
    const imported = await cli(
      'servers',
      'import',
      join(root, 'claude_desktop_config.json'),
      '--json',
    );
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as ImportReport;
    expect(report.created.map((v) => v.server.name).sort()).toEqual(['files', 'memory']);

    // Would change "files" and add "broken", but a comma is missing at line 4, column 5.
    const bad = join(root, 'bad.json');
    writeFileSync(
      bad,
      '{\n  "mcpServers": {\n    "files": { "command": "other" }\n    "broken": { "command": "x" }\n  }\n}\n',
    );
    const refused = await cli('servers', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Error (VALIDATION): ${bad}: The MCP config is not valid JSON`,
    );
    expect(refused.stderr).toContain('at line 4, column 5');
    expect(refused.stderr).toContain('Hint: Fix the JSON syntax');

    const listed = await cli('servers', 'list', '--json');
    const views = JSON.parse(listed.stdout) as McpServerView[];
    expect(views.map((v) => [v.server.name, v.server.transport])).toEqual([
      [
        'files',
        { type: 'stdio', command: process.execPath, args: config.mcpServers.files.args, env: {} },
      ],
      [
        'memory',
        {
          type: 'stdio',
          command: process.execPath,
          args: config.mcpServers.memory.args,
          env: config.mcpServers.memory.env,
        },
      ],
    ]);
  });

  it('starts a server only once its command is approved, then lists its tools with their schemas', async () => {
    const refused = await cli('servers', 'tools', 'files');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Error (FORBIDDEN): Did not start "files": its command needs your approval first.',
    );
    expect(refused.stderr).toContain('run again with --yes');

    const listed = await cli('servers', 'tools', 'files', '--yes', '--json');
    expect(listed.code).toBe(0);
    const tools = JSON.parse(listed.stdout) as McpTool[];
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('list_directory')?.inputSchema).toMatchObject({
      type: 'object',
      properties: { path: { type: 'string' } },
    });
    expect(byName.get('write_file')?.description).toMatch(/file/i);
    expect(byName.get('read_text_file')?.namespacedName).toBe('files__read_text_file');
  });

  it('calls a tool with JSON arguments', async () => {
    const target = join(files, 'written.txt');
    const written = await cli(
      'servers',
      'call',
      'files',
      'write_file',
      JSON.stringify({ path: target, content: 'written by servers call' }),
    );
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('Successfully wrote');
    expect(readFileSync(target, 'utf8')).toBe('written by servers call');
  });

  it('works the same through a running app, and explains bad arguments and tool failures', async () => {
    served = await startServe(dataDir);
    const read = await cli(
      'servers',
      'call',
      'files',
      'read_text_file',
      JSON.stringify({ path: join(files, 'hello.txt') }),
      '--json',
    );
    const result = JSON.parse(read.stdout) as McpToolResult;
    expect(result.content).toEqual([{ type: 'text', text: 'Hello from the test\n' }]);

    const malformed = await cli('servers', 'call', 'files', 'list_directory', '{"path": ');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(
      /Error \(VALIDATION\): The tool input is not valid JSON: .* at line 1, column 10\./,
    );

    const wrongType = await cli('servers', 'call', 'files', 'list_directory', '{"path": 5}');
    expect(wrongType.code).toBe(1);
    expect(wrongType.stderr).toContain(
      'Error (VALIDATION): The arguments do not fit the input schema of "list_directory"',
    );
    expect(wrongType.stderr).toContain(
      'Hint: See its schema with `agent-factory servers tools files --json`.',
    );

    const outside = await cli(
      'servers',
      'call',
      'files',
      'read_text_file',
      JSON.stringify({ path: join(root, 'claude_desktop_config.json') }),
    );
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(
      /Error \(TOOL_ERROR\): read_text_file: .*(outside allowed|Access denied)/,
    );
  });

  it('exports the servers as a config that reads back the same', async () => {
    const exported = await cli('servers', 'export', '--json');
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout) as {
      mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
    };
    expect(json.mcpServers.files).toMatchObject(config.mcpServers.files);
    expect(json.mcpServers.memory).toMatchObject(config.mcpServers.memory);

    // The app stops the servers it started when it stops.
    await served!.stop();
    served = undefined;
    expect(processesWith(root)).toEqual([]);
  });
});
