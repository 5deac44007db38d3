// The client entry the MCP conformance suite runs: `<command> <server-url>`, with the scenario
// name in MCP_CONFORMANCE_SCENARIO. It drives OUR ServerManager (not a bare SDK client) against
// the suite's Streamable HTTP test server.
import { createBus } from '../../../src-main/engine/bus/bus';
import { createMemoryMcpServerRepository } from '../../../src-main/engine/mcp/memory-repository';
import { ServerManager } from '../../../src-main/engine/mcp/manager';
import { McpServerService } from '../../../src-main/engine/mcp/service';

const url = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? 'initialize';
if (!url || !/^https?:\/\//.test(url)) {
  console.error('usage: client.ts <server-url>');
  process.exit(2);
}

const manager = new ServerManager({
  repository: createMemoryMcpServerRepository(),
  bus: createBus(),
  options: {
    healthIntervalMs: 0,
    clientInfo: { name: 'agent-factory-conformance', version: '0.1.0' },
  },
});
await manager.init();
const service = new McpServerService(manager);

let exitCode = 0;
try {
  const { server } = await service.create({
    name: 'conformance',
    transport: { type: 'http', url },
    approval: { default: 'allow', tools: {} },
  });
  const status = await manager.start(server.id);
  console.log(
    `connected: ${status.serverInfo?.name} ${status.serverInfo?.version} over ${status.transport}`,
  );
  if (scenario === 'tools_call') {
    for (const tool of await manager.tools(server.id)) {
      if (tool.name !== 'add_numbers') continue;
      const result = await manager.callTool(server.id, tool.name, { a: 5, b: 3 });
      console.log(JSON.stringify(result.content));
    }
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await manager.closeAll();
}
process.exit(exitCode);
