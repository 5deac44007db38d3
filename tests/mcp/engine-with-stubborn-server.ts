/**
 * Child process of escapes.test.ts: opens the engine on a data folder, starts a server that
 * ignores stdin closing and SIGTERM and leaves a setsid grandchild and a double-forked one, prints
 * `{"pid": ..., "descendants": [...]}` once they all run, then waits to be SIGKILLed.
 *
 *   node --import tsx tests/mcp/engine-with-stubborn-server.ts <dataDir> <tag>
 */
import { join } from 'node:path';
import { createEngine } from '../../src-main/engine/engine';

const [dataDir, tag] = process.argv.slice(2);
if (!dataDir || !tag) throw new Error('usage: engine-with-stubborn-server.ts <dataDir> <tag>');

const engine = await createEngine({ dataDir, mode: 'cli', version: 'test' });
engine.bus.subscribe('mcp.approval.requested', (request) => {
  setImmediate(() => engine.mcp.manager.approvals.respond(request.id, 'allow-always'));
});
const { server } = await engine.mcp.service.create({
  name: 'stubborn',
  transport: {
    type: 'stdio',
    command: process.execPath,
    args: [
      join(import.meta.dirname, 'hostile/escapes.mjs'),
      '--ignore-all',
      '--setsid',
      '--double-fork',
    ],
    env: { HOSTILE_TAG: tag },
  },
  autoStart: false,
  approval: { default: 'allow', tools: {} },
});
await engine.mcp.manager.start(server.id);
const result = await engine.mcp.manager.callTool(server.id, 'pids', {});
process.stdout.write(`${String(result.content[0]?.text)}\n`);
setInterval(() => {}, 60_000);
