import { useState, type KeyboardEvent } from 'react';
import { Button } from '../../ui/Button';
import { inputClass } from '../../ui/Field';

export interface EditMessageProps {
  initial: string;
  onSubmit(input: string): Promise<void>;
  onCancel(): void;
}

/** Edits the last message in place: Enter (or Save & resend) sends it again, Escape cancels. */
export function EditMessage({ initial, onSubmit, onCancel }: EditMessageProps) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    try {
      await onSubmit(text);
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
    if (e.key === 'Escape') onCancel();
  };
  return (
    <div className="space-y-2">
      <label htmlFor="edit-last" className="sr-only">
        Edit your message
      </label>
      <textarea
        id="edit-last"
        autoFocus
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        className={`${inputClass} resize-none leading-5`}
      />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" disabled={busy || !text.trim()} onClick={() => void submit()}>
          Save &amp; resend
        </Button>
      </div>
    </div>
  );
}
