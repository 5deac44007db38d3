// A minimal newline-delimited JSON-RPC server for the hostile MCP servers of the tests: full
// control over what goes to stdout, which the SDK's server would not allow.
import { createInterface } from 'node:readline';

export const NO_REPLY = Symbol('no reply');

export function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

export function notify(method, params = {}) {
  send({ jsonrpc: '2.0', method, params });
}

/**
 * Serves `handlers` (method -> async (params, message) => result | NO_REPLY). initialize,
 * ping and tools/list have defaults; `tools` is the list tools/list returns (a function is
 * called each time). Exits when stdin closes unless keepAlive is set.
 */
export function serve(handlers = {}, { tools = [], name = 'hostile', keepAlive = false } = {}) {
  const defaults = {
    initialize: async (params) => ({
      protocolVersion: params.protocolVersion ?? '2025-11-25',
      capabilities: { tools: { listChanged: true } },
      serverInfo: { name, version: '1.0.0' },
    }),
    ping: async () => ({}),
    'tools/list': async () => ({ tools: typeof tools === 'function' ? tools() : tools }),
  };
  const lines = createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (message.id === undefined || message.method === undefined) {
      handlers[message.method]?.(message.params ?? {}, message);
      return;
    }
    const handler = handlers[message.method] ?? defaults[message.method];
    if (!handler) {
      send({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: -32601, message: `Method not found: ${message.method}` },
      });
      return;
    }
    try {
      const result = await handler(message.params ?? {}, message);
      if (result !== NO_REPLY) send({ jsonrpc: '2.0', id: message.id, result });
    } catch (error) {
      send({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: -32603, message: String(error?.message ?? error) },
      });
    }
  });
  if (!keepAlive) lines.on('close', () => process.exit(0));
}

export const tool = (
  name,
  description = `The ${name} tool`,
  inputSchema = { type: 'object', properties: {} },
) => ({
  name,
  description,
  inputSchema,
});
