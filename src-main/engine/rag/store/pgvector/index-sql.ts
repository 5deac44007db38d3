import { sql, type SQL } from 'drizzle-orm';
import { storageName } from '../chunk-rows';

/** pgvector's HNSW limits: `vector` up to 2,000 dimensions, `halfvec` up to 4,000. */
const MAX_VECTOR_INDEX = 2000;
const MAX_HALFVEC_INDEX = 4000;

/** HNSW build parameters (pgvector's defaults). */
export const HNSW_M = 16;
export const HNSW_EF_CONSTRUCTION = 64;

/** The type a knowledge base's vectors are indexed (and compared) as, or undefined above 4,000 dimensions. */
export function indexedType(dimensions: number): 'vector' | 'halfvec' | undefined {
  if (dimensions <= MAX_VECTOR_INDEX) return 'vector';
  if (dimensions <= MAX_HALFVEC_INDEX) return 'halfvec';
  return undefined;
}

function checkedDimensions(dimensions: number): number {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 65_536)
    throw new Error(`Bad vector dimension ${dimensions}`);
  return dimensions;
}

/** The typed cast for `dimensions`, e.g. `vector(384)`; the same text in the index and in queries. */
export function castType(dimensions: number): SQL {
  const d = checkedDimensions(dimensions);
  return sql.raw(`${indexedType(d) ?? 'vector'}(${d})`);
}

/** The HNSW index of one knowledge base (a partial index over its rows). */
export function hnswIndexName(kbId: string): string {
  return storageName('kb_chunks_hnsw_', kbId);
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `CREATE INDEX` for a knowledge base's vectors: an expression index on the typed cast, restricted to its rows. */
export function createIndexSql(kbId: string, dimensions: number): SQL | undefined {
  const d = checkedDimensions(dimensions);
  const type = indexedType(d);
  if (!type) return undefined;
  return sql.raw(
    `create index if not exists ${hnswIndexName(kbId)} on kb_chunks using hnsw ((embedding::${type}(${d})) ${type}_cosine_ops) ` +
      `with (m = ${HNSW_M}, ef_construction = ${HNSW_EF_CONSTRUCTION}) where kb_id = ${literal(kbId)}`,
  );
}

export function dropIndexSql(kbId: string): SQL {
  return sql.raw(`drop index if exists ${hnswIndexName(kbId)}`);
}

/** A query vector as a pgvector text literal. */
export function vectorLiteral(vector: ArrayLike<number>): string {
  return `[${Array.from(vector).join(',')}]`;
}
