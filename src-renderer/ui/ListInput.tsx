import { useState, type KeyboardEvent } from 'react';
import { Button } from './Button';
import { inputClass } from './Field';
import { XIcon } from './icons';

export interface ListInputProps {
  /** The id of the text box that adds an item (give the Field the same id). */
  id: string;
  items: string[];
  onChange: (items: string[]) => void;
  /** What one item is, for the labels of the item boxes ("Argument 2"). */
  itemLabel: string;
  placeholder?: string;
  /** Extra attributes for the add box, such as aria-describedby. */
  inputProps?: Record<string, unknown>;
  monospace?: boolean;
}

/**
 * An ordered list of strings, each editable in place (command arguments, folders). Unlike tags,
 * items keep their order, may repeat and may contain commas. Enter or leaving the box adds the text.
 */
export function ListInput({
  id,
  items,
  onChange,
  itemLabel,
  placeholder,
  inputProps,
  monospace = true,
}: ListInputProps) {
  const [text, setText] = useState('');
  const font = monospace ? 'font-mono text-xs' : '';

  const commit = () => {
    if (!text) return;
    onChange([...items, text]);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    }
  };

  return (
    <div className="space-y-1.5">
      {items.length ? (
        <ol className="space-y-1">
          {items.map((item, index) => (
            <li key={index} className="flex items-center gap-1.5">
              <span className="w-5 shrink-0 text-right text-[11px] text-zinc-400 tabular-nums">
                {index + 1}
              </span>
              <input
                aria-label={`${itemLabel} ${index + 1}`}
                className={`${inputClass} ${font}`}
                value={item}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => onChange(items.map((v, i) => (i === index ? e.target.value : v)))}
              />
              <Button
                variant="ghost"
                aria-label={`Remove ${itemLabel.toLowerCase()} ${index + 1}`}
                onClick={() => onChange(items.filter((_, i) => i !== index))}
              >
                <XIcon width={12} height={12} />
              </Button>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="flex items-center gap-1.5">
        {items.length ? <span className="w-5 shrink-0" aria-hidden="true" /> : null}
        <input
          id={id}
          className={`${inputClass} ${font}`}
          value={text}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={commit}
          {...inputProps}
        />
        <Button onClick={commit} disabled={!text} aria-label={`Add ${itemLabel.toLowerCase()}`}>
          Add
        </Button>
      </div>
    </div>
  );
}
