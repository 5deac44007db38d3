import { readFile } from 'node:fs/promises';
import { cannotSeeImages, INLINE_MAX_CHARS, VISION_HINT, type AttachmentRef, type VisionSupport } from '@shared/entities/attachment';
import { MAX_IMAGES_PER_MESSAGE, type ImagePart } from '@shared/entities/llm';
import type { ModelRef } from '@shared/entities/model';
import type { TraceEventBody } from '@shared/entities/run';
import { AppError } from '@shared/errors';
import type { DocumentParser } from '../rag/parse/parser';
import { resolveAttachments, type AttachmentFile } from './files';
import type { KnowledgeRetriever } from '../runtime/knowledge-context';
import type { ThreadKnowledge } from './thread-kb';
import { sniffImageType, visionSupport, type VisionLookup } from './vision';

export interface AttachmentServiceDeps {
  /** The folder of an uploaded attachment (`<data>/uploads/attachments/<id>`). */
  dirOf(attachmentId: string): string;
  /** The parse workers knowledge ingestion uses (same formats and limits). */
  parser: Pick<DocumentParser, 'parseFile'>;
  knowledge: ThreadKnowledge;
  /** The provider's word on a model's vision (models.list), when there is one. */
  vision?: VisionLookup;
  /** A thread's title, for the name of its knowledge base. */
  threadTitle?(threadId: string): Promise<string | undefined>;
}

/**
 * A file of a message run again (regenerate, edit) that is in the thread's knowledge base already:
 * named in the message again and found by the same retrieval, not ingested a second time.
 */
export interface KeptAttachment {
  name: string;
  bytes: number;
  kbId: string;
  /** How the first message named it, when known (kept in the trace for the next replay). */
  ref?: AttachmentRef;
}

/** An attachment of a run: a file to place (by its ref), or one kept in the thread's knowledge base. */
export type MessageAttachment = AttachmentRef | { kept: KeptAttachment };

/** A message's attachment, found and checked: a file with the ref that named it, or a kept one. */
export type CheckedFile = (AttachmentFile & { ref: AttachmentRef; kept?: undefined }) | { kept: KeptAttachment };

/** A message's attachments, found and checked before its run starts (in the message's order). */
export interface CheckedAttachments {
  files: CheckedFile[];
  /** Whether the model can see them, when there are images. */
  vision: VisionSupport;
}

export interface AttachContext {
  /** The run's thread; without one, long files cannot be kept and are refused. */
  threadId: string | null;
  model: ModelRef;
  signal: AbortSignal;
  emit(event: TraceEventBody): void;
}

/** What goes to the model with the user's words. */
export interface AttachedMessage {
  /** Lines after the user's text: small files in fenced blocks, the names of the others. */
  text: string;
  images: ImagePart[];
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(name: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `Attached file ${name}:\n${fence}\n${text}\n${fence}`;
}

/** The line in the message for a file the thread's knowledge base holds. */
function inKnowledgeBase(name: string): string {
  return `[file: ${name} — too long for the message; it is in this conversation's knowledge base, and passages relevant to each message are given to you]`;
}

/**
 * Files attached to chat messages: checks them before a run is created (kinds, sizes, images for
 * models that cannot see), then at run start puts small texts into the message, larger files into
 * the thread's knowledge base (which the runtime's automatic retrieval searches on each turn of the
 * thread), images into image parts.
 */
export class AttachmentService {
  constructor(private readonly deps: AttachmentServiceDeps) {}

  /** Finds and checks a message's attachments; refuses images for a model that cannot see them. */
  async check(items: readonly MessageAttachment[], model: ModelRef): Promise<CheckedAttachments> {
    const refs = items.filter((i): i is AttachmentRef => !('kept' in i));
    const resolved = await resolveAttachments(refs, (id) => this.deps.dirOf(id));
    let next = 0;
    const files: CheckedFile[] = items.map((i) => ('kept' in i ? { kept: i.kept } : { ...resolved[next]!, ref: refs[next++]! }));
    const images = resolved.filter((f) => f.mediaType);
    if (!images.length) return { files, vision: 'yes' };
    if (images.length > MAX_IMAGES_PER_MESSAGE) {
      throw new AppError('VALIDATION', `${images.length} images are attached; a message may have at most ${MAX_IMAGES_PER_MESSAGE}.`, {
        hint: 'Send the others in a later message.',
      });
    }
    const vision = await visionSupport(model, this.deps.vision);
    if (vision === 'no') {
      throw new AppError('VALIDATION', `${cannotSeeImages(model)} (${images.map((f) => f.name).join(', ')}).`, { hint: VISION_HINT });
    }
    return { files, vision };
  }

  /** At run start: each file read and placed (message, thread knowledge base or image), traced. */
  async attach(checked: CheckedAttachments, ctx: AttachContext): Promise<AttachedMessage> {
    const blocks: string[] = [];
    const images: ImagePart[] = [];
    for (const file of checked.files) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (file.kept) {
        const { name, bytes, kbId, ref } = file.kept;
        blocks.push(inKnowledgeBase(name));
        ctx.emit({ type: 'attachments.added', name, kind: 'knowledge', bytes, kbId, ...(ref ? { ref } : {}) });
        continue;
      }
      const ref = file.ref;
      if (file.mediaType) {
        const bytes = await readFile(file.path);
        const mediaType = sniffImageType(bytes);
        if (!mediaType) {
          throw new AppError('VALIDATION', `${file.name} is not a PNG, JPEG, GIF or WebP image.`, { hint: 'Save it in one of those formats and attach it again.' });
        }
        images.push({ mediaType, data: bytes.toString('base64'), name: file.name });
        blocks.push(`[image: ${file.name}]`);
        const warning = checked.vision === 'unknown' ? `It is not known whether ${ctx.model.model} can see images; if it answers as if it cannot, pick a vision model.` : undefined;
        ctx.emit({ type: 'attachments.added', name: file.name, kind: 'image', bytes: file.bytes, ref, ...(warning ? { warning } : {}) });
        continue;
      }
      const { document } = await this.deps.parser.parseFile(file.path, { name: file.name, signal: ctx.signal });
      if (document.text.length <= INLINE_MAX_CHARS) {
        blocks.push(fenced(file.name, document.text));
        ctx.emit({ type: 'attachments.added', name: file.name, kind: 'inline', bytes: file.bytes, ref });
        continue;
      }
      if (!ctx.threadId) {
        throw new AppError('VALIDATION', `${file.name} is too long for the message (${document.text.length.toLocaleString('en-US')} characters; at most ${INLINE_MAX_CHARS.toLocaleString('en-US')}), and this run has no thread to keep it in.`, {
          hint: 'Send the message in a conversation thread, or attach a shorter part of the file.',
        });
      }
      const title = (await this.deps.threadTitle?.(ctx.threadId)) ?? ctx.threadId.slice(0, 8);
      const kb = await this.deps.knowledge.ensure(ctx.threadId, title);
      await this.deps.knowledge.add(kb.id, file.path, file.name, ctx.signal);
      blocks.push(inKnowledgeBase(file.name));
      ctx.emit({ type: 'attachments.added', name: file.name, kind: 'knowledge', bytes: file.bytes, kbId: kb.id, ref });
    }
    return { text: blocks.join('\n\n'), images };
  }

  /** Deletes the knowledge base of a deleted thread's attached files. */
  forgetThread(threadId: string): Promise<boolean> {
    return this.deps.knowledge.forget(threadId);
  }

  /** The id of the thread's knowledge base of attached files, if it has one. */
  async threadKnowledgeBase(threadId: string): Promise<string | undefined> {
    return (await this.deps.knowledge.find(threadId))?.id;
  }

  /** Searches knowledge bases, for automatic retrieval of the thread's files. */
  get retriever(): KnowledgeRetriever {
    return this.deps.knowledge.retriever;
  }
}
