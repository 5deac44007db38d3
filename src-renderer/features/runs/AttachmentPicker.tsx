import { useState, type DragEvent, type ReactNode } from 'react';
import { cannotSeeImages, VISION_HINT, visionSupportByName, type VisionSupport } from '@shared/entities/attachment';
import type { ModelRef } from '@shared/entities/model';
import { modelWarnings } from '@shared/model-warnings';
import { Button } from '../../ui/Button';
import { cx } from '../../ui/cx';
import { DropZone } from '../../ui/DropZone';
import { formatBytes } from '../../ui/format';
import { PaperclipIcon, XIcon } from '../../ui/icons';
import { ProgressBar } from '../../ui/ProgressBar';
import { useModelCapabilities } from '../models/use-llm-models';
import type { Attachments, PendingAttachment } from './use-attachments';

export interface AttachmentPickerProps {
  attachments: Attachments;
  /** The agent's model: images for a model that cannot see them are flagged before sending. */
  model: ModelRef | undefined;
  disabled?: boolean;
  /** The message box: dragging files over it opens the drop zone in its place. */
  children: ReactNode;
}

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/** Whether the model can see images: the provider's word when it has one, else a guess from its name. */
export function useVision(model: ModelRef | undefined): VisionSupport {
  const caps = useModelCapabilities(model);
  if (!model) return 'unknown';
  if (caps?.vision === true) return 'yes';
  if (modelWarnings(caps, { hasImages: true }).some((w) => w.kind === 'vision')) return 'no';
  return visionSupportByName(model);
}

function Chip({ item, onRemove }: { item: PendingAttachment; onRemove: () => void }) {
  return (
    <li
      className={cx(
        'flex max-w-full min-w-0 flex-col gap-1 rounded-md border px-2 py-1 text-xs',
        item.status === 'failed'
          ? 'border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-500/10'
          : 'border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900',
      )}
    >
      <div className="flex min-w-0 items-center gap-2">
        <span className="truncate font-medium text-zinc-800 dark:text-zinc-200">{item.name}</span>
        <span className="shrink-0 text-zinc-500 tabular-nums dark:text-zinc-400">
          {item.status === 'uploading' ? `${formatBytes(item.sent)} of ${formatBytes(item.bytes)}` : formatBytes(item.bytes)}
        </span>
        <button
          type="button"
          aria-label={`Remove ${item.name}`}
          onClick={onRemove}
          className="ml-auto shrink-0 rounded p-0.5 text-zinc-500 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800"
        >
          <XIcon width={11} height={11} />
        </button>
      </div>
      {item.status === 'uploading' ? (
        <ProgressBar label={`Uploading ${item.name}`} segments={[{ value: item.sent, tone: 'primary' }]} max={Math.max(1, item.bytes)} />
      ) : null}
      {item.error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {item.error.message}
          {item.error.hint ? <span className="opacity-80"> {item.error.hint}</span> : null}
        </p>
      ) : null}
    </li>
  );
}

/**
 * Files for the message: drop them on the message box or pick them with "Attach"; each shows as a
 * chip with its size, its upload's progress and a remove button. Small texts go into the message,
 * long ones into the thread's knowledge base, images to vision models.
 */
export function AttachmentPicker({ attachments, model, disabled, children }: AttachmentPickerProps) {
  const [zone, setZone] = useState(false);
  const vision = useVision(model);
  const { items, add, remove, hasImages } = attachments;

  return (
    <div
      className="space-y-2"
      onDragEnter={(event) => {
        if (hasFiles(event) && !disabled) setZone(true);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && zone) setZone(false);
      }}
    >
      {zone ? (
        <DropZone
          label="Attach files"
          folders={false}
          disabled={disabled}
          hint="Texts and documents up to 8,000 characters go into the message, longer ones into this thread’s knowledge base; images (up to 5 MB) go to vision models."
          onFiles={(files) => {
            setZone(false);
            add(files);
          }}
        />
      ) : (
        children
      )}
      {items.length ? (
        <ul aria-label="Attached files" className="flex flex-wrap gap-1.5">
          {items.map((item) => (
            <Chip key={item.key} item={item} onRemove={() => remove(item.key)} />
          ))}
        </ul>
      ) : null}
      {hasImages && model && vision === 'no' ? (
        <p role="alert" className="text-xs text-amber-700 dark:text-amber-300">
          {cannotSeeImages(model)}: the message will be refused. {VISION_HINT}
        </p>
      ) : hasImages && model && vision === 'unknown' ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          It is not known whether {model.model} can see images; if it answers as if it cannot, pick a vision model.
        </p>
      ) : null}
      <Button variant="ghost" disabled={disabled} aria-expanded={zone} onClick={() => setZone((open) => !open)}>
        <PaperclipIcon width={13} height={13} /> {zone ? 'Back to the message' : 'Attach files'}
      </Button>
    </div>
  );
}
