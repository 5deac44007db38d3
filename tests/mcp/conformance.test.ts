import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { conformanceNode, packageBin } from './helpers';

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
  const dir = join(out, scenario.replaceAll('/', '_'));
  await promisify(execFile)(
    conformanceNode(),
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
  // The run folder is named after the scenario (auth/x nests one level deeper).
  const file = readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('checks.json'));
  if (!file) throw new Error(`No checks.json under ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Check[];
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every client scenario this conformance release has (`conformance list --client`). */
function clientScenarios(): string[] {
  const listing = execFileSync(conformanceNode(), [cli, 'list', '--client'], { cwd: root, encoding: 'utf8' });
  return listing
    .split('\n')
    .map((line) => /^\s+-\s+(\S+)/.exec(line)?.[1])
    .filter((name): name is string => !!name);
}

/** The check each scenario must report as a success (besides no failure and no warning). */
const REQUIRED: Record<string, string> = {
  initialize: 'mcp-client-initialization',
  tools_call: 'tool-add-numbers',
  'auth/scope-step-up': 'scope-step-up-escalation',
  'auth/scope-retry-limit': 'scope-retry-limit',
  'auth/basic-cimd': 'cimd-client-id-used',
};

const scenarios = clientScenarios();

describe('MCP conformance (client scenarios, through the ServerManager)', () => {
  test('the suite lists the client scenarios', () => {
    expect(scenarios).toContain('initialize');
    expect(scenarios.filter((s) => s.startsWith('auth/')).length).toBeGreaterThanOrEqual(19);
  });

  // One at a time: each starts its own test servers and a client process.
  test.each(scenarios)('%s passes', { timeout: 120_000 }, async (scenario) => {
    const checks = await runScenario(scenario);
    expect(checks.length).toBeGreaterThan(0);
    const failed = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
    expect(failed).toEqual([]);
    const required = REQUIRED[scenario];
    if (required) expect(checks.find((c) => c.id === required)?.status).toBe('SUCCESS');
  });
});
