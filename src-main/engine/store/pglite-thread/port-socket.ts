import { Duplex } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';

/**
 * The socket the `pg` driver writes to, carried over a MessagePort to the PGlite thread instead of
 * a network connection. `connect()` opens the port (the driver's host and port are ignored).
 */
export class PortSocket extends Duplex {
  private port: MessagePort | undefined;
  private pending: Buffer[] = [];

  constructor(private readonly open: () => MessagePort) {
    super();
  }

  connect(): this {
    try {
      this.port = this.open();
    } catch (error) {
      process.nextTick(() => this.destroy(error instanceof Error ? error : new Error(String(error))));
      return this;
    }
    this.port.on('message', (data: Uint8Array) => this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
    this.port.on('close', () => {
      this.push(null);
      this.destroy();
    });
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  override _read(): void {
    // Data arrives as port messages; nothing to pull.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (!this.port) return done(new Error('The database connection is not open.'));
    // The driver writes a query as several messages in one go: send them as one port message.
    this.pending.push(chunk);
    if (this.pending.length === 1) queueMicrotask(() => this.flush());
    done();
  }

  private flush(): void {
    const parts = this.pending.splice(0);
    if (!this.port || !parts.length) return;
    const joined = new Uint8Array(Buffer.concat(parts));
    this.port.postMessage(joined, [joined.buffer]);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.flush();
    this.port?.close();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.port?.close();
    done(error);
  }

  // Socket methods the driver calls; meaningless for a port.
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    this.port?.ref();
    return this;
  }
  unref(): this {
    this.port?.unref();
    return this;
  }
}
