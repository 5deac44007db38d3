import type { ProviderModels } from '@shared/api/llm-models';
import type { ModelRef } from '@shared/entities/model';
import type { UploadService } from '../rag/ingest/upload';
import type { DocumentParser } from '../rag/parse/parser';
import { AttachmentService } from './service';
import { ThreadKnowledge, type ThreadKnowledgeDeps } from './thread-kb';
import type { VisionLookup } from './vision';

export { attachmentHandlers } from './handlers';
export { AttachmentService, type CheckedAttachments, type AttachedMessage, type KeptAttachment, type MessageAttachment } from './service';
export { attachmentsOfRun } from './replay';
export { ThreadKnowledge } from './thread-kb';

export interface AttachmentsDeps {
  uploads: Pick<UploadService, 'attachmentDir'>;
  parser: Pick<DocumentParser, 'parseFile'>;
  kb: ThreadKnowledgeDeps['kb'];
  ingest: ThreadKnowledgeDeps['ingest'];
  /** The chat models of a provider with their capabilities (models.list), for vision. */
  models?: (provider: ModelRef['provider']) => Promise<ProviderModels[]>;
  threadTitle?(threadId: string): Promise<string | undefined>;
  /** Longest wait for the provider's list of models before guessing from the name (default 3 s). */
  lookupTimeoutMs?: number;
}

/** The provider's word on a model's vision, from its list of models (`llava` also finds `llava:latest`). */
export function visionFromModels(models: NonNullable<AttachmentsDeps['models']>, timeoutMs = 3_000): VisionLookup {
  return async (ref) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    try {
      const lists = await Promise.race([models(ref.provider), timeout]);
      const found = lists?.flatMap((l) => l.models).find((m) => m.id === ref.model || m.id === `${ref.model}:latest`);
      return found?.capabilities.vision ?? null;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Attachments of chat messages, for the composition root: the service the runtime uses. */
export function createAttachments(deps: AttachmentsDeps): AttachmentService {
  return new AttachmentService({
    dirOf: (id) => deps.uploads.attachmentDir(id),
    parser: deps.parser,
    knowledge: new ThreadKnowledge({ kb: deps.kb, ingest: deps.ingest }),
    ...(deps.models ? { vision: visionFromModels(deps.models, deps.lookupTimeoutMs) } : {}),
    ...(deps.threadTitle ? { threadTitle: deps.threadTitle } : {}),
  });
}
