import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MAX_DOCUMENT_BYTES, uploadPathProblem } from '@shared/api/upload';
import { imageTypeOf, MAX_ATTACHMENTS_PER_RUN, MAX_IMAGE_BYTES, type AttachmentRef } from '@shared/entities/attachment';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { sendFileBytes } from '../../api/upload-bytes';
import type { PickedFile } from '../../ui/drop-files';
import { formatBytes } from '../../ui/format';
import { desktopPathOf, type PathOf } from '../knowledge/send-files';

/** A file attached to the message being written. */
export interface PendingAttachment {
  key: string;
  name: string;
  bytes: number;
  image: boolean;
  /** `uploading`: its bytes are being sent (a browser); `ready`: it goes with the message; `failed`: it cannot. */
  status: 'uploading' | 'ready' | 'failed';
  /** Bytes the engine has so far (uploads). */
  sent: number;
  ref?: AttachmentRef;
  error?: { message: string; hint?: string };
}

export interface Attachments {
  items: PendingAttachment[];
  add(files: readonly PickedFile[]): void;
  remove(key: string): void;
  /** Forgets every file (after the message was sent). */
  clear(): void;
  /** What `runs.start` takes: the files that are ready. */
  refs: AttachmentRef[];
  /** Files are still being sent: the message waits for them. */
  uploading: boolean;
  hasImages: boolean;
}

/** Why a file cannot be attached before anything is sent (size, name), or undefined. */
export function attachRefusal(file: File, relativePath: string): PendingAttachment['error'] {
  if (imageTypeOf(file.name) && file.size > MAX_IMAGE_BYTES)
    return {
      message: `${file.name} has ${formatBytes(file.size)}; an image may have at most ${formatBytes(MAX_IMAGE_BYTES)}.`,
      hint: 'Make the image smaller (scale it down or save it as JPEG), then attach it again.',
    };
  if (file.size > MAX_DOCUMENT_BYTES)
    return {
      message: `${file.name} has ${formatBytes(file.size)}; a file may have at most ${formatBytes(MAX_DOCUMENT_BYTES)}.`,
      hint: 'Split the file, or add it to a knowledge base of the agent instead.',
    };
  const problem = uploadPathProblem(relativePath);
  if (problem) return { message: `${problem}.`, hint: 'Rename the file, then attach it again.' };
  return undefined;
}

/**
 * The files attached to a message: in the desktop app each is given by its path; in a browser its
 * bytes are uploaded at once (`attachments.upload.*`, one upload per file, with progress), so a
 * failure or a removal touches that file only.
 */
export function useAttachments(pathOf: PathOf = desktopPathOf): Attachments {
  const api = useApi();
  const [items, setItems] = useState<PendingAttachment[]>([]);
  const aborts = useRef(new Map<string, AbortController>());
  const nextKey = useRef(1);
  /** The list as of the last render or change (to count room without a state updater's side effects). */
  const current = useRef<PendingAttachment[]>([]);
  current.current = items;

  const patch = useCallback((key: string, change: Partial<PendingAttachment>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const upload = useCallback(
    (key: string, picked: PickedFile) => {
      const controller = new AbortController();
      aborts.current.set(key, controller);
      const name = picked.file.name;
      sendFileBytes(
        {
          begin: () => api.call('attachments.upload.begin', { files: [{ relativePath: name, bytes: picked.file.size }] }),
          chunk: (input) => api.call('attachments.upload.chunk', input),
          finish: (uploadId) => api.call('attachments.upload.finish', { uploadId }),
          cancel: (uploadId) => api.call('attachments.upload.cancel', { uploadId }),
        },
        [{ file: picked.file, relativePath: name }],
        { signal: controller.signal, onSent: (_i, received) => patch(key, { sent: received }) },
      ).then(
        ([attachment]) => {
          if (controller.signal.aborted || !attachment) return;
          patch(key, { status: 'ready', sent: attachment.bytes, ref: { attachmentId: attachment.attachmentId } });
        },
        (caught: unknown) => {
          if (controller.signal.aborted) return;
          const error = toAppError(caught);
          patch(key, { status: 'failed', error: { message: error.message, ...(error.hint ? { hint: error.hint } : {}) } });
        },
      ).finally(() => aborts.current.delete(key));
    },
    [api, patch],
  );

  const add = useCallback(
    (files: readonly PickedFile[]) => {
      const added: PendingAttachment[] = [];
      const toUpload: Array<[string, PickedFile]> = [];
      let room = MAX_ATTACHMENTS_PER_RUN - current.current.filter((i) => i.status !== 'failed').length;
      for (const picked of files) {
        const key = `a${nextKey.current++}`;
        const { file } = picked;
        const base = { key, name: file.name, bytes: file.size, image: !!imageTypeOf(file.name), sent: 0 };
        const path = pathOf(file);
        const refusal =
          room <= 0
            ? { message: `A message takes at most ${MAX_ATTACHMENTS_PER_RUN} files.`, hint: 'Remove one, or send the others in a later message.' }
            : path
              ? undefined
              : attachRefusal(file, file.name);
        if (refusal) added.push({ ...base, status: 'failed', error: refusal });
        else if (path) added.push({ ...base, status: 'ready', ref: { path } });
        else {
          added.push({ ...base, status: 'uploading' });
          toUpload.push([key, picked]);
        }
        if (!refusal) room -= 1;
      }
      current.current = [...current.current, ...added];
      setItems((list) => [...list, ...added]);
      for (const [key, picked] of toUpload) upload(key, picked);
    },
    [pathOf, upload],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.abort();
    aborts.current.delete(key);
    setItems((list) => list.filter((item) => item.key !== key));
  }, []);

  const clear = useCallback(() => {
    for (const controller of aborts.current.values()) controller.abort();
    aborts.current.clear();
    setItems([]);
  }, []);

  // Uploads still going when the composer goes away are dropped.
  useEffect(() => () => clear(), [clear]);

  return useMemo(
    () => ({
      items,
      add,
      remove,
      clear,
      refs: items.flatMap((i) => (i.status === 'ready' && i.ref ? [i.ref] : [])),
      uploading: items.some((i) => i.status === 'uploading'),
      hasImages: items.some((i) => i.image && i.status !== 'failed'),
    }),
    [items, add, remove, clear],
  );
}
