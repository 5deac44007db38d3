export * from './agents';
export * from './runs';
export * from './memory';
export * from './knowledge';
export * from './kb-graph';
export * from './ingest';
export * from './mcp';
export * from './threads';
