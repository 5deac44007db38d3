// MCP call overhead: median latency of a stdio tool call (server-everything `echo`) through the
// engine's ServerManager versus a bare SDK Client with the SDK's own stdio transport, same server.
// Run: npx tsx bench/mcp-overhead.ts   Options: --calls <n> per client (default 1000). Target: < 2 ms added.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { numberArg, rerunWithNodeTsconfig } from './lib/cli';

rerunWithNodeTsconfig(import.meta.url);
const calls = numberArg('calls', 1000);
const batch = 50;

const require = createRequire(import.meta.url);
const manifest = require.resolve('@modelcontextprotocol/server-everything/package.json');
const bin = join(
  dirname(manifest),
  (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin[
    'mcp-server-everything'
  ]!,
);

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
const { createBus } = await import('../src-main/engine/bus/bus');
const { ServerManager } = await import('../src-main/engine/mcp/manager');
const { McpServerService } = await import('../src-main/engine/mcp/service');
const { createMemoryMcpServerRepository } =
  await import('../src-main/engine/mcp/memory-repository');

// Bare SDK client.
const bare = new Client({ name: 'bench', version: '1' });
await bare.connect(
  new StdioClientTransport({ command: process.execPath, args: [bin], stderr: 'ignore' }),
);

// The engine's manager (launch consent given by a stand-in user; the tool policy is 'allow').
const bus = createBus();
const manager = new ServerManager({
  repository: createMemoryMcpServerRepository(),
  bus,
  path: async () => process.env.PATH ?? '',
  options: { healthIntervalMs: 0 },
});
bus.subscribe('mcp.approval.requested', (r) =>
  setImmediate(() => manager.approvals.respond(r.id, 'allow-always')),
);
await manager.init();
const { server } = await new McpServerService(manager).create({
  name: 'everything',
  transport: { type: 'stdio', command: process.execPath, args: [bin] },
  approval: { default: 'allow', tools: {} },
});
await manager.start(server.id);

const viaBare = () => bare.callTool({ name: 'echo', arguments: { message: 'ping' } });
const viaManager = () => manager.callTool(server.id, 'echo', { message: 'ping' });

async function sample(fn: () => Promise<unknown>, n: number, into: number[]) {
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    into.push(performance.now() - t0);
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), n: s.length };
};

// Warm up both paths, then interleave batches so drift hits both alike.
await sample(viaBare, 100, []);
await sample(viaManager, 100, []);
const bareTimes: number[] = [];
const managerTimes: number[] = [];
for (let done = 0; done < calls; done += batch) {
  await sample(viaBare, batch, bareTimes);
  await sample(viaManager, batch, managerTimes);
}

const b = stats(bareTimes);
const m = stats(managerTimes);
const row = (name: string, s: ReturnType<typeof stats>) =>
  `| ${name.padEnd(22)} | ${s.median.toFixed(3).padStart(10)} | ${s.p95.toFixed(3).padStart(10)} | ${String(s.n).padStart(6)} |`;
console.log('\nstdio tool call latency, server-everything `echo` (ms)\n');
console.log('| client                 | median ms  | p95 ms     | calls  |');
console.log('|------------------------|------------|------------|--------|');
console.log(row('bare SDK Client', b));
console.log(row('ServerManager', m));
const added = m.median - b.median;
console.log(
  `\nadded by the manager (median): ${added.toFixed(3)} ms — target < 2 ms: ${added < 2 ? 'met' : 'NOT met'}`,
);

await bare.close();
await manager.closeAll();
