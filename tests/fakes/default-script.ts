import { reply, type ChatView, type FakeReply } from './script';

/**
 * The default conversation of `serve-fake.ts` (and of any fake given `respond: defaultResponder`):
 * - after a tool result: streams "The tool returned: <result>";
 * - when the last user message mentions "time" and a `current_time` tool is offered: calls it;
 * - otherwise: streams "You said: <last user message>".
 */
export const defaultResponder = (view: ChatView): FakeReply => {
  const last = view.messages.at(-1);
  if (last?.role === 'tool') return reply.text(`The tool returned: ${last.content}`);
  const said = [...view.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  if (/\btime\b/i.test(said) && view.tools.includes('current_time')) {
    return reply.toolCalls([{ name: 'current_time', arguments: {} }]);
  }
  return reply.text(`You said: ${said}`);
};
