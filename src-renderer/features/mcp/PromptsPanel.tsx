import { useRef, useState } from 'react';
import type { McpServerView } from '@shared/entities/mcp';
import type { McpPrompt, McpPromptMessage, McpPromptResult } from '@shared/entities/mcp-resources';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { useLoader } from '../../api/use-loader';
import { navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CodeBlock, prettyJson } from '../../ui/CodeBlock';
import { cx } from '../../ui/cx';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { setChatDraft } from '../chat/draft';
import { isLive } from './StatusBadge';

/** A prompt message as text for the chat box (non-text parts described). */
export function messageText(m: McpPromptMessage): string {
  const c = m.content as { type: string; text?: unknown; resource?: { uri?: string; text?: string } };
  if (c.type === 'text' && typeof c.text === 'string') return c.text;
  if (c.type === 'resource' && c.resource) return c.resource.text ?? `[resource ${c.resource.uri ?? ''}]`;
  return `[${c.type}]`;
}

/** The messages of a prompt as one message to send: each marked with its role when there are several roles. */
export function promptAsDraft(result: McpPromptResult): string {
  const roles = new Set(result.messages.map((m) => m.role));
  return result.messages
    .map((m) => (roles.size > 1 ? `${m.role === 'user' ? 'User' : 'Assistant'}: ` : '') + messageText(m))
    .join('\n\n');
}

function PromptForm({ serverId, prompt }: { serverId: string; prompt: McpPrompt }) {
  const api = useApi();
  const [values, setValues] = useState<Record<string, string>>({});
  const [suggestions, setSuggestions] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<McpPromptResult | null>(null);
  const action = useAction();
  const asked = useRef(0);

  const suggest = (name: string, value: string, all: Record<string, string>) => {
    const ticket = ++asked.current;
    const context = Object.fromEntries(Object.entries(all).filter(([k, v]) => k !== name && v));
    void api
      .call('mcp.complete', {
        serverId,
        ref: { type: 'ref/prompt', name: prompt.name },
        argument: { name, value },
        ...(Object.keys(context).length ? { context } : {}),
      })
      .then(
        (completion) => {
          if (ticket === asked.current) setSuggestions((s) => ({ ...s, [name]: completion.values }));
        },
        () => undefined,
      );
  };

  const get = () =>
    action.run(async () => {
      const args = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
      setResult(await api.call('mcp.prompts.get', { serverId, name: prompt.name, arguments: args }));
    });

  return (
    <form
      aria-label={`Prompt ${prompt.name}`}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        void get();
      }}
    >
      {prompt.description ? <p className="text-[13px] text-zinc-600 dark:text-zinc-400">{prompt.description}</p> : null}
      {prompt.arguments.map((arg) => {
        const id = `mcp-prompt-arg-${arg.name}`;
        const list = suggestions[arg.name] ?? [];
        return (
          <Field key={arg.name} id={id} label={`${arg.name}${arg.required ? ' (required)' : ''}`} hint={arg.description}>
            <input
              {...describedBy(id, undefined, arg.description)}
              className={inputClass}
              list={`${id}-suggestions`}
              required={arg.required}
              value={values[arg.name] ?? ''}
              onFocus={() => suggest(arg.name, values[arg.name] ?? '', values)}
              onChange={(e) => {
                const next = { ...values, [arg.name]: e.target.value };
                setValues(next);
                suggest(arg.name, e.target.value, next);
              }}
            />
            <datalist id={`${id}-suggestions`} data-testid={`suggestions-${arg.name}`}>
              {list.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          </Field>
        );
      })}
      <div className="flex gap-2">
        <Button type="submit" disabled={action.busy}>
          Get messages
        </Button>
        <Button
          variant="ghost"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              const args = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
              const got = await api.call('mcp.prompts.get', { serverId, name: prompt.name, arguments: args });
              setChatDraft(promptAsDraft(got));
              navigate('chat');
            })
          }
        >
          Use in chat
        </Button>
      </div>
      {action.error ? <Banner tone="error">{action.error}</Banner> : null}
      {result ? (
        <section aria-label="Prompt messages" className="space-y-2" data-testid="prompt-messages">
          {result.messages.map((m, i) => (
            <div key={i} className="space-y-0.5">
              <p className="text-[11px] font-medium text-zinc-500 uppercase">{m.role}</p>
              {m.content.type === 'text' ? (
                <CodeBlock>{messageText(m)}</CodeBlock>
              ) : (
                <CodeBlock>{prettyJson(m.content)}</CodeBlock>
              )}
            </div>
          ))}
        </section>
      ) : null}
    </form>
  );
}

/** A server's prompts: fill in the arguments (with the server's completions) and see or use the messages. */
export function PromptsPanel({ view }: { view: McpServerView }) {
  const api = useApi();
  const serverId = view.server.id;
  const live = isLive(view.status.state);
  const prompts = useLoader(
    () => (live ? api.call('mcp.prompts.list', { serverId, refresh: false }) : Promise.resolve(undefined)),
    [api, serverId, live],
  );
  const [selected, setSelected] = useState<string | null>(null);
  if (!live) return <p className="py-6 text-[13px] text-zinc-500">Start the server to use its prompts.</p>;
  const current = prompts.data?.find((p) => p.name === selected);
  return (
    <div className="grid grid-cols-[minmax(0,14rem)_1fr] gap-4 py-4">
      <div className="space-y-1">
        {prompts.error ? <Banner tone="error">{prompts.error.message}</Banner> : null}
        {prompts.data && !prompts.data.length ? (
          <p className="text-[13px] text-zinc-500">This server offers no prompts.</p>
        ) : null}
        <ul aria-label="Prompts" className="space-y-0.5">
          {prompts.data?.map((p) => (
            <li key={p.name}>
              <button
                type="button"
                aria-current={selected === p.name ? 'true' : undefined}
                onClick={() => setSelected(p.name)}
                className={cx(
                  'w-full rounded-md px-2 py-1 text-left text-[13px] hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-zinc-800',
                  selected === p.name && 'bg-indigo-50 font-medium dark:bg-indigo-500/10',
                )}
              >
                {p.title ?? p.name}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div>
        {current ? (
          <PromptForm key={current.name} serverId={serverId} prompt={current} />
        ) : (
          <p className="text-[13px] text-zinc-500">Choose a prompt.</p>
        )}
      </div>
    </div>
  );
}
