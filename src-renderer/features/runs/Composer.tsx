import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { toAppError } from '../../api/core';
import { clearChatDraft, peekChatDraft } from '../chat/draft';
import { Button } from '../../ui/Button';
import { Checkbox } from '../../ui/Checkbox';
import { inputClass } from '../../ui/Field';
import { SendIcon, StopIcon } from '../../ui/icons';
import type { AttachmentRef } from '@shared/entities/attachment';
import type { ModelRef } from '@shared/entities/model';
import { AttachmentPicker } from './AttachmentPicker';
import { useAttachments } from './use-attachments';

export interface ComposerProps {
  agentName: string;
  /** A run of this view is going on: Send is replaced by Stop. */
  active: boolean;
  disabled?: boolean;
  disabledReason?: string;
  onSend: (input: string, options: { history: boolean; attachments?: AttachmentRef[] }) => Promise<void>;
  onStop: () => Promise<void>;
  /** Show the "Continue the conversation" box (default true; a chat thread always continues). */
  historyToggle?: boolean;
  /** The send button's label (default "Run"). */
  sendLabel?: string;
  /** Offer attaching files (drop or pick); the model decides whether images can go. */
  attach?: { model: ModelRef | undefined };
}

/** The message box under the conversation: Enter sends, Shift+Enter breaks the line. */
export function Composer({
  agentName,
  active,
  disabled,
  disabledReason,
  onSend,
  onStop,
  historyToggle = true,
  sendLabel = 'Run',
  attach,
}: ComposerProps) {
  const attachments = useAttachments();
  // A message another page prepared (an MCP prompt or resource): its text and files.
  const [draft] = useState(peekChatDraft);
  const [text, setText] = useState(draft?.text ?? '');
  const [history, setHistory] = useState(true);
  /** The call in flight, if any: the buttons say which. */
  const [busy, setBusy] = useState<'starting' | 'stopping' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const addAttachments = attachments.add;
  const attachable = !!attach;
  useEffect(() => {
    clearChatDraft();
    if (attachable && draft?.files.length) addAttachments(draft.files.map((file) => ({ file, relativePath: file.name })));
  }, [draft, addAttachments, attachable]);

  const act = async (kind: 'starting' | 'stopping', action: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await action();
    } catch (caught) {
      const appError = toAppError(caught);
      setError([appError.message, appError.hint].filter(Boolean).join(' '));
    } finally {
      setBusy(null);
    }
  };

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim() || active || busy || disabled || attachments.uploading) return;
    void act('starting', async () => {
      await onSend(text, { history, ...(attachments.refs.length ? { attachments: attachments.refs } : {}) });
      setText('');
      attachments.clear();
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  };

  const messageBox = (
    <textarea
      id="run-input"
      rows={3}
      value={text}
      disabled={disabled}
      placeholder={
        disabled
          ? disabledReason
          : `Ask ${agentName}…  (Enter to ${sendLabel.toLowerCase()}, Shift+Enter for a new line)`
      }
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      className={`${inputClass} resize-none leading-5`}
    />
  );

  return (
    <form
      onSubmit={send}
      className="shrink-0 border-t border-zinc-200 px-5 py-3 dark:border-zinc-800"
      aria-label="Run the agent"
    >
      <div className="mx-auto max-w-3xl space-y-2">
        {error ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <label htmlFor="run-input" className="sr-only">
          Message
        </label>
        {attach ? (
          <AttachmentPicker attachments={attachments} model={attach.model} disabled={disabled}>
            {messageBox}
          </AttachmentPicker>
        ) : (
          messageBox
        )}
        <div className="flex items-center gap-3">
          {historyToggle ? (
            <Checkbox
              id="run-history"
              label="Continue the conversation"
              checked={history}
              onChange={setHistory}
              disabled={disabled}
            />
          ) : null}
          <div className="ml-auto flex items-center gap-2">
            {active ? (
              <Button variant="danger" disabled={busy !== null} onClick={() => void act('stopping', onStop)}>
                <StopIcon width={13} height={13} /> Stop
              </Button>
            ) : (
              <Button type="submit" variant="primary" disabled={busy !== null || disabled || !text.trim() || attachments.uploading}>
                <SendIcon width={13} height={13} />{' '}
                {busy === 'starting' ? 'Starting…' : busy === 'stopping' ? 'Stopping…' : sendLabel}
              </Button>
            )}
          </div>
        </div>
      </div>
    </form>
  );
}
