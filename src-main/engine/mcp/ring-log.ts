import type { McpLogEntry } from '@shared/entities/mcp';

export type LogInput = Pick<McpLogEntry, 'stream' | 'level' | 'text'>;

/** The most recent log lines of one server; old lines fall off the front. */
export class RingLog {
  private readonly entries: McpLogEntry[] = [];
  private nextSeq = 0;

  constructor(
    private readonly capacity = 1000,
    private readonly maxLineLength = 4000,
  ) {}

  append(input: LogInput): McpLogEntry {
    const text =
      input.text.length > this.maxLineLength
        ? `${input.text.slice(0, this.maxLineLength)}… [${input.text.length - this.maxLineLength} more characters]`
        : input.text;
    const entry: McpLogEntry = {
      ...input,
      text,
      seq: this.nextSeq++,
      at: new Date().toISOString(),
    };
    this.entries.push(entry);
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  /** Entries with seq > afterSeq, at most limit of the newest. */
  read(afterSeq = -1, limit = 500): McpLogEntry[] {
    const newer = this.entries.filter((entry) => entry.seq > afterSeq);
    return newer.slice(Math.max(0, newer.length - limit));
  }
}
