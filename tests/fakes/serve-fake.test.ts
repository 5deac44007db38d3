import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const tools = [
  {
    type: 'function',
    function: { name: 'current_time', description: 'Now', parameters: { type: 'object' } },
  },
];

describe('serve-fake (the fake Ollama as its own process)', () => {
  let child: ChildProcess;
  let client: Ollama;

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/fakes/serve-fake.ts', 'ollama', '--port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [url] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    client = new Ollama({ host: url });
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('calls current_time when asked for the time, then answers from the tool result', async () => {
    const first = await client.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'What time is it?' }],
      tools,
    });
    expect(first.message.tool_calls?.[0]?.function.name).toBe('current_time');
    const second = await client.chat({
      model: 'llama3.2',
      tools,
      messages: [
        { role: 'user', content: 'What time is it?' },
        first.message,
        { role: 'tool', content: '12:00', tool_name: 'current_time' },
      ],
    });
    expect(second.message.content).toBe('The tool returned: 12:00');
  });

  it('streams other messages back as text', async () => {
    let text = '';
    for await (const part of await client.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
    })) {
      text += part.message.content;
    }
    expect(text).toBe('You said: hello there');
  });
});
