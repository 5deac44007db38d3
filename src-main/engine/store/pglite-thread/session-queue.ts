import type { PGlite } from '@electric-sql/pglite';

interface Waiting {
  connection: number;
  run: () => Promise<void>;
}

/**
 * PGlite is one Postgres session: every connection's messages run on it one at a time. While a
 * connection has a transaction open, only that connection's messages run; the others wait until
 * it commits or rolls back, so no statement ever lands inside another connection's transaction.
 */
export class SessionQueue {
  private waiting: Waiting[] = [];
  private running = false;
  /** The connection whose message ran last (the owner of an open transaction, if any). */
  private last: number | undefined;
  private idle: Array<() => void> = [];

  constructor(private readonly db: PGlite) {}

  enqueue(connection: number, run: () => Promise<void>): void {
    this.waiting.push({ connection, run });
    void this.pump();
  }

  /** Drops a closed connection's waiting messages and rolls back its open transaction. */
  async forget(connection: number): Promise<void> {
    this.waiting = this.waiting.filter((w) => w.connection !== connection);
    if (this.last === connection) {
      await this.whenIdle();
      if (this.last === connection && this.db.isInTransaction()) {
        await this.db.exec('ROLLBACK');
      }
      this.last = undefined;
      void this.pump();
    }
  }

  /** Resolves when nothing is running. */
  whenIdle(): Promise<void> {
    return this.running ? new Promise((done) => this.idle.push(done)) : Promise.resolve();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const owner = this.db.isInTransaction() ? this.last : undefined;
        const index = owner === undefined ? 0 : this.waiting.findIndex((w) => w.connection === owner);
        if (index < 0 || !this.waiting.length) break;
        const [next] = this.waiting.splice(index, 1);
        this.last = next!.connection;
        await next!.run();
      }
    } finally {
      this.running = false;
      for (const done of this.idle.splice(0)) done();
    }
  }
}
