import type { AttachmentKind } from '@shared/entities/attachment';

/** How an attached file reached the model, in words. */
export function attachmentKindLabel(kind: AttachmentKind): string {
  switch (kind) {
    case 'inline':
      return 'in the message';
    case 'knowledge':
      return "in the thread's knowledge base";
    case 'image':
      return 'image';
  }
}
