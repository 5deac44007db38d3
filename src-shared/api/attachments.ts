import { z } from 'zod';
import { Id } from '../entities/agent';
import { Attachment, MAX_ATTACHMENTS_PER_RUN } from '../entities/attachment';
import { method } from './define';
import { uploadFileList, uploadMethods } from './upload';

const UploadRef = z.object({ uploadId: Id }).strict();

/**
 * Files for a chat message, sent through the API (a browser cannot give paths). The same chunked
 * upload as knowledge bases (`kb.upload.*`: strict relative paths, size limits, an idle timeout),
 * but the files are kept for runs: `finish` answers one attachment per file, whose ids go to
 * `runs.start` as `attachments: [{ attachmentId }]`. The desktop app and the CLI give paths instead.
 */
export const attachmentMethods = {
  /** Starts an upload of files to attach; their bytes follow in `attachments.upload.chunk`s. */
  'attachments.upload.begin': method(
    z.object({ files: uploadFileList(MAX_ATTACHMENTS_PER_RUN) }).strict(),
    z.object({
      uploadId: Id,
      /** Send at most this many bytes per chunk. */
      chunkBytes: z.number().int().positive(),
      /** The upload expires after this long without a call. */
      idleTimeoutMs: z.number().int().positive(),
    }),
  ),
  /** The next bytes of one file (by its index in `begin`), at `offset` = the bytes it has so far. */
  'attachments.upload.chunk': method(uploadMethods['kb.upload.chunk'].input, uploadMethods['kb.upload.chunk'].output),
  /** Checks every file arrived whole and keeps them; answers the attachments, in the order of `begin`. */
  'attachments.upload.finish': method(UploadRef, z.array(Attachment)),
  /** Drops an upload and everything it received. */
  'attachments.upload.cancel': method(UploadRef, z.object({ cancelled: z.boolean() })),
};
