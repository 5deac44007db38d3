/**
 * Child process of interrupted.test.ts: opens the engine on a data folder, starts a run against a
 * fake model that never answers, prints `{"runId": ...}` once the request is pending and the trace
 * so far is stored, then waits to be killed.
 *
 *   node --import tsx tests/runtime/stalled-run.ts <dataDir>
 */
import { createEngine } from '../../src-main/engine/engine';
import { reply, startFakeOllama } from '../fakes/index';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: stalled-run.ts <dataDir>');

const fake = await startFakeOllama();
fake.script(reply.stall());
const engine = await createEngine({ dataDir, mode: 'headless', version: 'test', env: { OLLAMA_HOST: fake.url } });
const agent = await engine.agents.create({ name: 'Stalled', model: { provider: 'ollama', model: 'test-model' } });
const run = await engine.runs.start(agent.id, 'Hello?', { history: false });
while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
await engine.runs.trace(run.id);
process.stdout.write(`${JSON.stringify({ runId: run.id, status: (await engine.runs.get(run.id)).status })}\n`);
setInterval(() => {}, 60_000);
