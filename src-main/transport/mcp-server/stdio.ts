import { Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/**
 * Reserves stdout for the MCP protocol: returns a stream that writes to the real stdout, and sends
 * everything else written to `process.stdout` (console.log, a library's warning) to stderr, where
 * MCP clients collect a server's logs. Call it before anything else can print.
 */
export function reserveStdout(): Writable {
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout) as (
    chunk: string | Uint8Array,
    callback: (error?: Error | null) => void,
  ) => boolean;
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      write(chunk, (error) => callback(error ?? null));
    },
  });
}

/**
 * Serves the MCP server over stdin and the protocol stream until the client closes stdin, the
 * transport closes, or `signal` aborts (SIGINT/SIGTERM); then closes the server.
 */
export async function serveMcpStdio(
  server: McpServer,
  out: Writable,
  signal?: AbortSignal,
): Promise<void> {
  const transport = new StdioServerTransport(process.stdin, out);
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  transport.onclose = stop;
  process.stdin.once('end', stop);
  process.stdin.once('close', stop);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await server.connect(transport);
    if (signal?.aborted) stop();
    await stopped;
  } finally {
    process.stdin.off('end', stop);
    process.stdin.off('close', stop);
    signal?.removeEventListener('abort', stop);
    await server.close().catch(() => {});
    process.stdin.pause();
  }
}
