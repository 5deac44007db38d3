/** What is known of a line that was too long to keep. */
export interface OversizeLine {
  bytes: number;
  /** The first and last bytes of the line (for finding its JSON-RPC id). */
  head: string;
  tail: string;
}

export interface LineReaderHandlers {
  onLine(line: string): void;
  onOversize(line: OversizeLine): void;
}

const KEEP = 512;

/**
 * Splits a byte stream into newline-delimited lines without ever holding more than maxLineBytes.
 * A longer line is skipped up to its newline (its head and tail are kept), so one huge message
 * cannot exhaust memory or block the event loop, and the stream stays usable afterwards.
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private discarding = false;
  private discarded = 0;
  private head: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly maxLineBytes: number,
    private readonly handlers: LineReaderHandlers,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      if (this.discarding) {
        this.discard(piece);
      } else if (this.size + piece.length > this.maxLineBytes) {
        this.discarding = true;
        this.discarded = 0;
        const held = Buffer.concat([...this.chunks, piece.subarray(0, KEEP)]);
        this.head = held.subarray(0, KEEP);
        this.discarded = this.size;
        this.tail = Buffer.alloc(0);
        this.chunks = [];
        this.size = 0;
        this.discard(piece);
      } else if (piece.length > 0) {
        this.chunks.push(piece);
        this.size += piece.length;
      }
      if (newline === -1) break;
      this.endLine();
      start = newline + 1;
    }
  }

  private discard(piece: Buffer): void {
    this.discarded += piece.length;
    this.tail =
      piece.length >= KEEP
        ? piece.subarray(piece.length - KEEP)
        : Buffer.concat([this.tail, piece]).subarray(-KEEP);
  }

  private endLine(): void {
    if (this.discarding) {
      const info = {
        bytes: this.discarded,
        head: this.head.toString('utf8'),
        tail: this.tail.toString('utf8'),
      };
      this.discarding = false;
      this.head = Buffer.alloc(0);
      this.tail = Buffer.alloc(0);
      this.handlers.onOversize(info);
      return;
    }
    const line = (this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)).toString(
      'utf8',
    );
    this.chunks = [];
    this.size = 0;
    this.handlers.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}

const ID = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,200}")/;

/** Best effort: the JSON-RPC id of a message known only by its head and tail. */
export function sniffJsonRpcId(line: OversizeLine): string | number | undefined {
  const parse = (raw: string) => (raw.startsWith('"') ? (JSON.parse(raw) as string) : Number(raw));
  // Members before the first nested value: {"jsonrpc":"2.0","id":7,"result":{...
  const headTop = line.head.split(/[{[]/, 3);
  const beforeNested = line.head.trimStart().startsWith('{') ? (headTop[1] ?? '') : '';
  const inHead = ID.exec(beforeNested);
  if (inHead?.[1]) return parse(inHead[1]);
  // Members after the last nested value: ...},"jsonrpc":"2.0","id":7}
  const trimmed = line.tail.replace(/\s*\}\s*$/, '');
  const afterNested = trimmed.slice(
    Math.max(trimmed.lastIndexOf('}'), trimmed.lastIndexOf(']')) + 1,
  );
  const inTail = ID.exec(afterNested);
  return inTail?.[1] ? parse(inTail[1]) : undefined;
}
