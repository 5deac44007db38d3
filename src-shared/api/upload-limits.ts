/** The largest file ingestion reads (the parser's per-file limit); a bigger upload is refused at once. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
/** Most bytes of one `kb.upload.chunk` (before base64). Its message stays far below the WebSocket's limit. */
export const MAX_UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** Most files one upload takes (as `kb.ingest` takes paths). */
export const MAX_UPLOAD_FILES = 1000;
