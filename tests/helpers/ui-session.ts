import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MethodInput } from '@shared/api/index';
import type { WsClient } from '@shared/client/ws-client';
import { startFakeOllama, type FakeLlm, type Responder } from '../fakes/index';
import { launchBrowser, trackPageErrors } from './browser';
import { connectClient, startServe, tempDataDir, type Served } from './serve';

/** The agent most UI tests talk to: the fake Ollama's default script parrots ("You said: …"). */
export const PARROT: MethodInput<'agents.create'> = {
  name: 'Parrot',
  model: { provider: 'ollama', model: 'llama3.2' },
};

/** A model server started some other way (e.g. as its own process): its URL and how to stop it. */
export interface ExternalLlm {
  url: string;
  close(): Promise<void>;
}

export interface UiSessionOptions {
  /** The data folder (removed on close); default: a fresh one with this prefix. */
  dataDir?: string;
  prefix?: string;
  /** Starts a fake Ollama in this process answering this way, and points `serve` at it. */
  respond?: Responder;
  /** Or a model server started by the test; `serve` is pointed at it and it is closed last. */
  llm?: () => Promise<ExternalLlm>;
  /** An agent created through the app's client before the page opens (its id is `agentId`). */
  agent?: MethodInput<'agents.create'>;
  /** More set-up through the app's client before the page opens. */
  prepare?: (client: WsClient) => Promise<void>;
  /** The hash route the page opens, e.g. '#/mcp' (after `agent` and `prepare`). */
  route: string | ((agentId: string) => string);
  viewport?: { width: number; height: number };
  /** Browser permissions granted to the served origin (e.g. clipboard-read). */
  permissions?: string[];
}

export interface UiSession {
  dataDir: string;
  /** The in-process fake (with `respond`). */
  fake?: FakeLlm;
  served: Served;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, as they come. */
  errors: string[];
  /** The id of the agent made from `agent` ('' without one). */
  agentId: string;
  /** Closes the browser, stops `serve` and the model server, and removes the data folder. */
  close(): Promise<void>;
}

/**
 * The web UI in headless Chromium against `agent-factory serve` (the built app) with a fake
 * Ollama: the page opened at `route` once its connection to the engine says connected.
 */
export async function startUiSession(options: UiSessionOptions): Promise<UiSession> {
  const dataDir = options.dataDir ?? tempDataDir(options.prefix);
  const closers: (() => Promise<unknown> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    let fake: FakeLlm | undefined;
    let llmUrl: string | undefined;
    if (options.respond) {
      const started = await startFakeOllama({ respond: options.respond });
      closers.push(() => started.close());
      fake = started;
      llmUrl = started.url;
    } else if (options.llm) {
      const started = await options.llm();
      closers.push(() => started.close());
      llmUrl = started.url;
    }
    const served = await startServe(dataDir, llmUrl ? { OLLAMA_HOST: llmUrl } : {});
    closers.push(() => served.stop());
    let agentId = '';
    if (options.agent || options.prepare) {
      const client = await connectClient(served);
      try {
        if (options.agent) agentId = (await client.call('agents.create', options.agent)).id;
        await options.prepare?.(client);
      } finally {
        client.close();
      }
    }
    const browser = await launchBrowser();
    closers.push(() => browser.close());
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
    if (options.permissions) await context.grantPermissions(options.permissions, { origin: served.baseUrl });
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    const route = typeof options.route === 'string' ? options.route : options.route(agentId);
    await page.goto(`${served.url}${route}`);
    await page.getByTestId('connection-status').and(page.locator('[data-status="connected"]')).waitFor();
    return { dataDir, fake, served, browser, context, page, errors, agentId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
