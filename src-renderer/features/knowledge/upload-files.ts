import type { ApiClient } from '@shared/api/index';
import type { IngestJob } from '@shared/api/ingest';
import { sendFileBytes } from '../../api/upload-bytes';
import type { PickedFile } from '../../ui/drop-files';

export { readBytes, toBase64 } from '../../api/upload-bytes';

export interface UploadRequest {
  kbId: string;
  files: readonly PickedFile[];
  tags: string[];
  /** The engine answered `begin`: the files it will not take (inside folders, ignored). */
  onStarted?: (skipped: number[]) => void;
  /** Bytes of file `index` the engine has so far. */
  onSent?: (index: number, received: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends files' bytes through the API (`kb.upload.*`), a slice at a time, and answers with the
 * ingestion job that the engine queues for them. On failure or cancel the upload is dropped.
 */
export function uploadFiles(api: ApiClient, request: UploadRequest): Promise<IngestJob> {
  const { kbId, files, tags } = request;
  return sendFileBytes(
    {
      begin: () => api.call('kb.upload.begin', { kbId, files: files.map((f) => ({ relativePath: f.relativePath, bytes: f.file.size })), tags }),
      chunk: (input) => api.call('kb.upload.chunk', input),
      finish: (uploadId) => api.call('kb.upload.finish', { uploadId }),
      cancel: (uploadId) => api.call('kb.upload.cancel', { uploadId }),
    },
    files,
    {
      ...(request.onStarted ? { onStarted: request.onStarted } : {}),
      ...(request.onSent ? { onSent: request.onSent } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    },
  );
}
