// A stand-in engine process for the orphan test: starts a local Chroma server, prints its pid and
// URL as one JSON line, then idles until it is killed.
import { ChromaServerManager } from '../../src-main/engine/rag/store/chroma/server';

const path = process.argv[2];
if (!path) throw new Error('usage: chroma-host.ts <data path>');
const server = new ChromaServerManager({ path });
await server.start();
process.stdout.write(`${JSON.stringify({ pid: server.pid, url: server.url })}\n`);
setInterval(() => {}, 60_000);
