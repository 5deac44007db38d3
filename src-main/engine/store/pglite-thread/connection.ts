import type { MessagePort } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionQueue } from './session-queue';
import { CANCEL_REQUEST_CODE, FrontendFramer, NEGOTIATION_CODES, type FrontendMessage } from './wire-framing';

/** Joins byte arrays into one fresh buffer (which can then be moved to another thread). */
function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Serves one Postgres wire-protocol connection arriving on a MessagePort: whole frontend messages
 * go to PGlite through the session queue, and its replies go back on the port. The messages of one
 * port message (a query's Parse/Bind/Describe/Execute/Sync, as the client sends them together) run
 * as one turn of the queue and are answered with one port message.
 */
export function serveConnection(db: PGlite, queue: SessionQueue, id: number, conn: MessagePort): void {
  const framer = new FrontendFramer();
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    conn.close();
    void queue.forget(id);
  };
  const run = async (messages: readonly FrontendMessage[], terminate: boolean) => {
    if (!open) return;
    const replies: Uint8Array[] = [];
    try {
      await db.runExclusive(async () => {
        for (const message of messages)
          // The data handed to onRawData is a view into PGlite's memory: copy it before it moves.
          await db.execProtocolRawStream(message.bytes, { onRawData: (data) => void replies.push(data.slice()) });
      });
    } catch {
      return close();
    }
    if (replies.length && open) {
      const out = concat(replies);
      conn.postMessage(out, [out.buffer]);
    }
    if (terminate) close();
  };
  conn.on('close', close);
  conn.on('message', (chunk: Uint8Array) => {
    if (!open) return;
    let messages;
    try {
      messages = framer.push(chunk);
    } catch {
      return close();
    }
    const batch: FrontendMessage[] = [];
    let terminate = false;
    for (const message of messages) {
      if (message.code !== undefined && NEGOTIATION_CODES.has(message.code)) {
        conn.postMessage(Uint8Array.of(0x4e)); // 'N': no SSL/GSSAPI on an in-process channel
      } else if (message.type === 'X') {
        terminate = true; // Terminate: answer what came before it, then close
        break;
      } else if (message.code !== CANCEL_REQUEST_CODE) batch.push(message);
    }
    if (batch.length) queue.enqueue(id, () => run(batch, terminate));
    else if (terminate) close();
  });
}
