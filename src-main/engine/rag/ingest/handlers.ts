import type { AskResult, ingestMethods } from '@shared/api/ingest';
import type { uploadMethods } from '@shared/api/upload';
import type { HandlerSlice } from '../../handlers';
import type { AskRequest } from '../query/ask';
import type { WatchService } from '../watch/service';
import type { IngestService } from './service';
import type { UploadService } from './upload';

export interface IngestHandlerDeps {
  ingest: IngestService;
  watches: WatchService;
  ask: (request: AskRequest, signal?: AbortSignal) => Promise<AskResult>;
}

export function ingestHandlers({ ingest, watches, ask }: IngestHandlerDeps): HandlerSlice<typeof ingestMethods> {
  return {
    'kb.ingest': ({ kbId, paths, tags, force }) => ingest.ingest(kbId, paths, { tags, force }),
    'kb.jobs': ({ kbId, status, limit }) => ingest.jobs({ kbId, status, limit }),
    'kb.job': ({ id, status, limit, offset }) => ingest.job(id, { status, limit, offset }),
    'kb.job.cancel': ({ id }) => ingest.cancel(id),
    'kb.job.retry': ({ id }) => ingest.retryJob(id),
    'kb.document.retry': ({ id }) => ingest.retryDocument(id),
    'kb.document.delete': async ({ id }) => ({ deleted: await ingest.deleteDocument(id) }),
    'kb.reindex': ({ kbId, force }) => ingest.reindex(kbId, force),
    'kb.watch.add': ({ kbId, path, tags }) => watches.add(kbId, path, tags),
    'kb.watch.remove': async ({ id }) => ({ removed: await watches.remove(id) }),
    'kb.watch.list': ({ kbId }) => watches.list(kbId),
    'kb.ask': (input, ctx) => ask(input, ctx.signal),
  };
}

export function uploadHandlers(uploads: UploadService): HandlerSlice<typeof uploadMethods> {
  return {
    'kb.upload.begin': (input) => uploads.begin(input),
    'kb.upload.chunk': ({ uploadId, file, offset, dataBase64 }) => uploads.chunk(uploadId, file, offset, dataBase64),
    'kb.upload.finish': ({ uploadId }) => uploads.finish(uploadId),
    'kb.upload.cancel': async ({ uploadId }) => ({ cancelled: await uploads.cancel(uploadId) }),
  };
}
