import type { MessagePort } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionQueue } from './session-queue';
import { CANCEL_REQUEST_CODE, FrontendFramer, NEGOTIATION_CODES } from './wire-framing';

/**
 * Serves one Postgres wire-protocol connection arriving on a MessagePort: whole frontend messages
 * go to PGlite through the session queue, and its replies go back on the port.
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
  conn.on('close', close);
  conn.on('message', (chunk: Uint8Array) => {
    if (!open) return;
    let messages;
    try {
      messages = framer.push(chunk);
    } catch {
      return close();
    }
    for (const message of messages) {
      if (message.code !== undefined && NEGOTIATION_CODES.has(message.code)) {
        conn.postMessage(Uint8Array.of(0x4e)); // 'N': no SSL/GSSAPI on an in-process channel
        continue;
      }
      if (message.code === CANCEL_REQUEST_CODE) continue;
      if (message.type === 'X') return close(); // Terminate
      queue.enqueue(id, async () => {
        if (!open) return;
        const replies: Uint8Array[] = [];
        let size = 0;
        try {
          await db.runExclusive(() =>
            // The data handed to onRawData is a view into PGlite's memory: copy it before it moves.
            db.execProtocolRawStream(message.bytes, {
              onRawData: (data) => {
                replies.push(data.slice());
                size += data.length;
              },
            }),
          );
        } catch {
          return close();
        }
        if (!size || !open) return;
        // One message per reply, moved rather than copied.
        const out = new Uint8Array(size);
        let at = 0;
        for (const reply of replies) {
          out.set(reply, at);
          at += reply.length;
        }
        conn.postMessage(out, [out.buffer]);
      });
    }
  });
}
