import type { attachmentMethods } from '@shared/api/attachments';
import { imageTypeOf } from '@shared/entities/attachment';
import type { HandlerSlice } from '../handlers';
import type { UploadService } from '../rag/ingest/upload';
import { attachmentProblem } from './files';

/**
 * `attachments.upload.*`: the knowledge bases' chunked upload (same service, limits and partial
 * files), kept as attachments for runs instead of being ingested.
 */
export function attachmentHandlers(uploads: UploadService): HandlerSlice<typeof attachmentMethods> {
  return {
    'attachments.upload.begin': async ({ files }) => {
      // Refused before any byte is sent: kinds nothing reads, images over the models' limit.
      for (const file of files) {
        const problem = attachmentProblem(file.relativePath, file.bytes);
        if (problem) throw problem;
      }
      const { uploadId, chunkBytes, idleTimeoutMs } = await uploads.beginAttachments(files);
      return { uploadId, chunkBytes, idleTimeoutMs };
    },
    'attachments.upload.chunk': ({ uploadId, file, offset, dataBase64 }) => uploads.chunk(uploadId, file, offset, dataBase64),
    'attachments.upload.finish': async ({ uploadId }) =>
      (await uploads.finishAttachments(uploadId)).map((a) => {
        const mediaType = imageTypeOf(a.relativePath);
        return { attachmentId: a.attachmentId, name: a.relativePath, bytes: a.bytes, ...(mediaType ? { mediaType } : {}) };
      }),
    'attachments.upload.cancel': async ({ uploadId }) => ({ cancelled: await uploads.cancel(uploadId) }),
  };
}
