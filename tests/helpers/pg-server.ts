import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Postgres wire-protocol server on 127.0.0.1 (PGlite + pgvector behind pglite-socket),
 * so tests exercise the production `pg` driver path without a system Postgres.
 */
export async function startPgServer(options: { maxConnections?: number } = {}): Promise<PgServer> {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections ?? 8 });
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.split(':').pop());
  if (!Number.isInteger(port) || port <= 0) throw new Error(`pglite-socket did not report a port: ${conn}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
