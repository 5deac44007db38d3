/**
 * Runs one protocol fake as its own process (for e2e tests):
 *   npx tsx tests/fakes/serve-fake.ts ollama|openai|anthropic [--port N] [--api-key KEY] [--models M]
 * `--models` is a JSON array of model ids or FakeModel objects (e.g. '["llava:7b"]'), else the defaults.
 * Prints the base URL as one line on stdout, answers with `defaultResponder`, stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { defaultResponder } from './default-script';
import type { FakeLlm, FakeLlmOptions } from './fake-llm';
import type { FakeModelInput } from './models';
import { startFakeAnthropic, startFakeOllama, startFakeOpenAI } from './index';

const starters: Record<string, (options: FakeLlmOptions) => Promise<FakeLlm>> = {
  ollama: startFakeOllama,
  openai: startFakeOpenAI,
  anthropic: startFakeAnthropic,
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '0' },
    'api-key': { type: 'string' },
    models: { type: 'string' },
  },
});
const kind = positionals[0] ?? '';
const start = starters[kind];
const port = Number(values.port);
if (!start || !Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(
    'Usage: serve-fake.ts ollama|openai|anthropic [--port N] [--api-key KEY] [--models JSON]\n',
  );
  process.exit(2);
}

const models = values.models ? (JSON.parse(values.models) as FakeModelInput[]) : undefined;
const fake = await start({
  port,
  ...(models ? { models } : {}),
  respond: defaultResponder,
  ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
});
process.stdout.write(`${fake.url}\n`);

const stop = () => void fake.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
