import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Button } from './Button';
import { cx } from './cx';
import { filesFromDataTransfer, filesFromInput, type PickedFile } from './drop-files';

export interface DropZoneProps {
  /** Called with the dropped or chosen files (folders expanded); never with an empty list. */
  onFiles: (files: PickedFile[]) => void;
  /** Names the zone for assistive technology and tests. */
  label: string;
  /** The line under the title (formats, limits). */
  hint?: ReactNode;
  /** Offer "Choose folder" beside "Choose files". */
  folders?: boolean;
  disabled?: boolean;
  className?: string;
}

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/** A target for dragged files and folders, with pickers for both (hidden inputs, visible buttons). */
export function DropZone({
  onFiles,
  label,
  hint,
  folders = true,
  disabled,
  className,
}: DropZoneProps) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // dragenter/dragleave fire for every child the pointer crosses: count them.
  const depth = useRef(0);
  const [over, setOver] = useState(false);

  const deliver = (files: PickedFile[]) => {
    if (files.length) onFiles(files);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    if (disabled) return;
    void filesFromDataTransfer(event.dataTransfer).then(deliver);
  };

  const onPicked = (input: HTMLInputElement) => {
    deliver(filesFromInput(input.files));
    input.value = '';
  };

  return (
    <div
      role="group"
      aria-label={label}
      data-testid="drop-zone"
      data-over={over || undefined}
      onDragEnter={(event) => {
        if (!hasFiles(event) || disabled) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event) || disabled) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (!depth.current) setOver(false);
      }}
      onDrop={onDrop}
      className={cx(
        'flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed px-4 py-5 text-center transition-colors',
        over
          ? 'border-indigo-500 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-500/10'
          : 'border-zinc-300 bg-zinc-50/60 dark:border-zinc-700 dark:bg-zinc-900/40',
        disabled && 'opacity-60',
        className,
      )}
    >
      <p className="text-[13px] font-medium text-zinc-800 dark:text-zinc-200">
        {over ? 'Drop to add' : 'Drop files or folders here'}
      </p>
      {hint ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
      <div className="flex gap-2">
        <Button disabled={disabled} onClick={() => filesInput.current?.click()}>
          Choose files…
        </Button>
        {folders ? (
          <Button disabled={disabled} onClick={() => folderInput.current?.click()}>
            Choose folder…
          </Button>
        ) : null}
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        aria-label="Choose files"
        tabIndex={-1}
        className="sr-only"
        disabled={disabled}
        onChange={(event) => onPicked(event.currentTarget)}
      />
      {folders ? (
        <input
          ref={folderInput}
          type="file"
          multiple
          aria-label="Choose folder"
          tabIndex={-1}
          className="sr-only"
          disabled={disabled}
          {...{ webkitdirectory: '' }}
          onChange={(event) => onPicked(event.currentTarget)}
        />
      ) : null}
    </div>
  );
}
