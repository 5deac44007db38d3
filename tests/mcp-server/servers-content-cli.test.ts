import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpPrompt, McpPromptResult, McpResourceList, McpResourceRead } from '@shared/entities/mcp-resources';
import { runCli, startServe, type Served } from '../helpers/serve';
import { packageBin } from '../mcp/helpers';

/**
 * `agent-factory servers resources|read|prompts|prompt|log-level` against the real `server-everything`:
 * in-process (each command starts the server and stops it), then through a running `serve`.
 */
describe('agent-factory servers: resources and prompts', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'af-content-cli-'));
  const dataDir = join(root, 'data');
  let served: Served | undefined;
  const cli = (...args: string[]) => runCli(dataDir, args);

  beforeAll(async () => {
    mkdirSync(dataDir);
    const config = {
      mcpServers: { everything: { command: process.execPath, args: [packageBin('@modelcontextprotocol/server-everything')] } },
    };
    writeFileSync(join(root, 'config.json'), JSON.stringify(config));
    expect((await cli('servers', 'import', join(root, 'config.json'))).code).toBe(0);
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists resources and templates, reads text to stdout and binary to a file', async () => {
    const listed = await cli('servers', 'resources', 'everything', '--yes', '--json');
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.stdout) as McpResourceList;
    expect(list.templates.map((t) => t.uriTemplate)).toContain('demo://resource/dynamic/text/{resourceId}');
    const table = await cli('servers', 'resources', 'everything');
    expect(table.stdout).toContain(list.resources[0]!.uri);
    expect(table.stdout).toContain('Templates:');

    const text = await cli('servers', 'read', 'everything', 'demo://resource/dynamic/text/3');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Resource 3: This is a plaintext resource created at /);

    const binary = await cli('servers', 'read', 'everything', 'demo://resource/dynamic/blob/3');
    expect(binary.code).toBe(1);
    expect(binary.stderr).toContain('is binary');
    expect(binary.stderr).toContain('--out <file>');

    const out = join(root, 'blob.bin');
    const written = await cli('servers', 'read', 'everything', 'demo://resource/dynamic/blob/3', '--out', out);
    expect(written.code).toBe(0);
    // The server makes the blob from text with the time it was read.
    expect(readFileSync(out, 'utf8')).toMatch(/^Resource 3: This is a base64 blob created at /);
    const asJson = JSON.parse((await cli('servers', 'read', 'everything', 'demo://resource/dynamic/blob/3', '--json')).stdout) as McpResourceRead;
    expect(Buffer.from(asJson.contents[0]!.blob!, 'base64').toString()).toMatch(/^Resource 3: This is a base64 blob/);
    expect(asJson.contents[0]).toMatchObject({ mimeType: 'text/plain', truncated: false });
    expect(written.stdout).toContain(`Wrote ${out} (${readFileSync(out).length} bytes`);
  });

  it('lists prompts with their arguments and prints a prompt’s messages', async () => {
    const listed = await cli('servers', 'prompts', 'everything');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/args-prompt\s+city\*, state/);
    const prompts = JSON.parse((await cli('servers', 'prompts', 'everything', '--json')).stdout) as McpPrompt[];
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['simple-prompt', 'args-prompt', 'completable-prompt']));

    const got = await cli('servers', 'prompt', 'everything', 'args-prompt', '{"city":"Paris","state":"Texas"}');
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/^user: .*Paris, Texas/);
    const json = JSON.parse(
      (await cli('servers', 'prompt', 'everything', 'args-prompt', '{"city":"Oslo"}', '--json')).stdout,
    ) as McpPromptResult;
    expect(JSON.stringify(json.messages)).toContain('Oslo');

    const missing = await cli('servers', 'prompt', 'everything', 'args-prompt');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Prompt "args-prompt" needs city');
    const bad = await cli('servers', 'prompt', 'everything', 'args-prompt', '{city}');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Error (VALIDATION)');
  });

  it('through a running app: the same commands, and the log level of the running server', async () => {
    served = await startServe(dataDir);
    expect((await cli('servers', 'resources', 'everything', '--yes')).code).toBe(0);
    const level = await cli('servers', 'log-level', 'everything', 'debug');
    expect(level.stdout).toContain('Log level of "everything" set to debug.');
    expect(level.code).toBe(0);
    const unknown = await cli('servers', 'log-level', 'everything', 'loud');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Use one of: debug, info');
    const got = await cli('servers', 'prompt', 'everything', 'simple-prompt');
    expect(got.stdout).toMatch(/^user: /);
  });
});
