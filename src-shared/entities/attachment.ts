import { z } from 'zod';
import { ImageMediaType, MAX_IMAGE_BYTES } from './llm';
import type { ModelRef } from './model';

/**
 * Files attached to a chat message. A small text goes into the message with its name (`inline`), a
 * larger one into the thread's knowledge base, searched on each turn (`knowledge`), an image to a
 * vision model (`image`).
 */
export const AttachmentKind = z.enum(['inline', 'knowledge', 'image']);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

/** Most files one message takes. */
export const MAX_ATTACHMENTS_PER_RUN = 10;
/** A parsed text up to this many characters goes into the message; a longer one into the thread's knowledge base. */
export const INLINE_MAX_CHARS = 8_000;
export { MAX_IMAGE_BYTES };

/** A file uploaded for a message (`attachments.upload.*`): give its id to `runs.start`. */
export const Attachment = z.object({
  attachmentId: z.uuid(),
  /** Its name (its path inside what was dropped, e.g. "notes/a.md"). */
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Set for an image (by its name): it goes to the model as an image. */
  mediaType: ImageMediaType.optional(),
});
export type Attachment = z.infer<typeof Attachment>;

/** An attachment of `runs.start`: an uploaded one by id, or a file the engine reads by its path (desktop, CLI). */
export const AttachmentRef = z.union([
  z.object({ attachmentId: z.uuid('Give the attachmentId that attachments.upload.finish answered') }).strict(),
  z.object({ path: z.string().min(1, 'Give the file’s path').max(4096) }).strict(),
]);
export type AttachmentRef = z.infer<typeof AttachmentRef>;

const IMAGE_TYPES: Record<string, ImageMediaType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** The image type a file's name says it has, or undefined for any other file. */
export function imageTypeOf(name: string): ImageMediaType | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : IMAGE_TYPES[name.slice(dot + 1).toLowerCase()];
}

/** Whether a model can see images: known yes, known no, or not known (allowed, with a warning). */
export type VisionSupport = 'yes' | 'no' | 'unknown';

/** Model names that take images (Ollama tags, OpenAI and Anthropic ids). */
const VISION: RegExp[] = [
  /llava/, /vision/, /minicpm-v/, /moondream/, /qwen[\d.]*-?vl/, /-vl\b/, /pixtral/, /llama4/, /gemma3(?!n)(?!:1b)/,
  /mistral-small3\.[12]/, /mistral-medium/, /gpt-4o/, /gpt-4\.1/, /gpt-4-turbo/, /gpt-5/, /^o[134](?!-mini)(-|$)/, /^o4-mini/,
  /claude-3/, /claude-(opus|sonnet|haiku)-4/, /claude-[\w.-]*-4/, /gemini/,
];
/** Model names known to take text only. */
const TEXT_ONLY: RegExp[] = [
  /embed/, /^gpt-3\.5/, /^gpt-4(-0314|-0613|-32k)?$/, /^o1-mini/, /^o3-mini/, /^claude-(2|instant)/, /^llama[23]/, /^llama2/,
  /^mistral/, /^mixtral/, /^codellama/, /^code/, /^qwen/, /^phi\d?/, /^deepseek/, /^tinyllama/, /^gemma/, /^smollm/, /^starcoder/,
  /^command-r/, /^nomic/, /^granite/, /^gpt-oss/, /^olmo/, /^falcon/, /^vicuna/, /^orca/, /^neural-chat/, /^dolphin/,
];

/**
 * A conservative guess from the model's name, for when the provider does not say: known vision
 * models (llava, llama3.2-vision, gpt-4o, claude-3…) say yes, well-known text models say no, the
 * rest is unknown.
 */
export function visionSupportByName(model: Pick<ModelRef, 'model'>): VisionSupport {
  // "library/llava:13b" and "user/llava" name llava; an OpenAI-compatible id may carry a vendor ("openai/gpt-4o").
  const name = model.model.trim().toLowerCase().split('/').at(-1) ?? '';
  if (VISION.some((re) => re.test(name))) return 'yes';
  if (TEXT_ONLY.some((re) => re.test(name))) return 'no';
  return 'unknown';
}

/** The message for an image sent to a model that cannot see images. */
export function cannotSeeImages(model: Pick<ModelRef, 'model'>): string {
  return `${model.model} cannot see images`;
}

/** What to do instead, for that message. */
export const VISION_HINT = 'Pick a vision model such as llava, gpt-4o or claude-sonnet-4 for this agent, or remove the image.';

/** The mark at the end of a thread knowledge base's description that ties it to its thread. */
export function threadKnowledgeMarker(threadId: string): string {
  return `[thread:${threadId}]`;
}

/** Whether a knowledge base holds a thread's attached files (made and searched by the engine, not listed for the user). */
export function isThreadKnowledgeBase(kb: { description: string }): boolean {
  return /\[thread:[\w-]+\]$/.test(kb.description);
}
