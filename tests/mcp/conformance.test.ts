import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { packageBin } from './helpers';

const root = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'af-conformance-'));
const cli = packageBin('@modelcontextprotocol/conformance');
const client = join('tests', 'mcp', 'conformance', 'client.ts');

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

/** Runs one client scenario of the official conformance suite against our manager; returns its checks. */
async function runScenario(scenario: string): Promise<Check[]> {
  const dir = join(out, scenario);
  await promisify(execFile)(
    process.execPath,
    [
      cli,
      'client',
      '--command',
      `${process.execPath} --import tsx ${client}`,
      '--scenario',
      scenario,
      '--timeout',
      '60000',
      '-o',
      dir,
    ],
    {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
      timeout: 90_000,
    },
  );
  const [run] = readdirSync(dir);
  return JSON.parse(readFileSync(join(dir, run!, 'checks.json'), 'utf8')) as Check[];
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('MCP conformance (client scenarios, Streamable HTTP)', () => {
  test.each([
    ['initialize', 'mcp-client-initialization'],
    ['tools_call', 'tool-add-numbers'],
  ])('%s passes', async (scenario, required) => {
    const checks = await runScenario(scenario);
    expect(checks.map((c) => c.id)).toContain(required);
    const failed = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
    expect(failed).toEqual([]);
    expect(checks.find((c) => c.id === required)?.status).toBe('SUCCESS');
  });
});
