/**
 * Splits a Postgres frontend byte stream into whole messages. A connection starts with untyped
 * messages (SSL/GSSAPI negotiation requests, then the startup message: Int32 length + body); every
 * later message is typed (one type byte, then Int32 length that counts itself).
 */

/** Untyped requests a client may send before its startup message; they are answered "N" (no). */
export const NEGOTIATION_CODES = new Set([80877103 /* SSLRequest */, 80877104 /* GSSENCRequest */]);
export const CANCEL_REQUEST_CODE = 80877102;

export interface FrontendMessage {
  /** The message's bytes, type byte and length included. */
  bytes: Uint8Array;
  /** The type byte as a character, or undefined for an untyped (startup-phase) message. */
  type?: string;
  /** For untyped messages: the request code (protocol version, SSLRequest, CancelRequest...). */
  code?: number;
}

export class FrontendFramer {
  private buffer = new Uint8Array(0);
  private started = false;

  /**
   * Appends received bytes and returns every message completed by them, as views into the received
   * bytes (not copies): the caller must not change a chunk after pushing it.
   */
  push(chunk: Uint8Array): FrontendMessage[] {
    let buffer = chunk;
    if (this.buffer.length) {
      buffer = new Uint8Array(this.buffer.length + chunk.length);
      buffer.set(this.buffer);
      buffer.set(chunk, this.buffer.length);
    }
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const out: FrontendMessage[] = [];
    let at = 0;
    for (;;) {
      const typed = this.started;
      const header = typed ? 5 : 8;
      if (buffer.length - at < header) break;
      const length = typed ? 1 + view.getInt32(at + 1) : view.getInt32(at);
      if (length < header - (typed ? 1 : 0) || length > 1 << 30) throw new Error(`Malformed Postgres message (length ${length}).`);
      if (buffer.length - at < length) break;
      const bytes = buffer.subarray(at, at + length);
      if (typed) out.push({ bytes, type: String.fromCharCode(bytes[0]!) });
      else {
        const code = view.getInt32(at + 4);
        // Negotiation and cancel requests come before the startup message; the startup message
        // (a protocol version code) switches the connection to typed messages.
        if (!NEGOTIATION_CODES.has(code) && code !== CANCEL_REQUEST_CODE) this.started = true;
        out.push({ bytes, code });
      }
      at += length;
    }
    // Only an incomplete message's bytes are kept (copied: the chunk belongs to the caller).
    this.buffer = at < buffer.length ? buffer.slice(at) : new Uint8Array(0);
    return out;
  }
}
