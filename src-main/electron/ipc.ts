import { ipcMain, type WebContents } from 'electron';
import { isEventName } from '@shared/api/index';
import { IPC } from '@shared/ipc';
import type { Bus } from '../engine/bus/bus';
import type { Router } from '../transport/router';
import { isTrustedFrame } from './security';

/** The contract over Electron IPC: one invoke channel, one subscribe/unsubscribe pair, one event channel. */
export function registerIpc(router: Router, bus: Bus, rendererUrl: string): () => void {
  const subscriptions = new Map<WebContents, Map<string, () => void>>();

  ipcMain.handle(IPC.invoke, async (event, method: unknown, input: unknown) => {
    if (!isTrustedFrame(event.senderFrame, rendererUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the app window.' } };
    }
    return router.dispatch(typeof method === 'string' ? method : '', input, { origin: 'ipc' });
  });

  ipcMain.on(IPC.subscribe, (event, name: unknown) => {
    if (!isTrustedFrame(event.senderFrame, rendererUrl) || typeof name !== 'string' || !isEventName(name)) return;
    const contents = event.sender;
    let subs = subscriptions.get(contents);
    if (!subs) {
      subscriptions.set(contents, (subs = new Map()));
      contents.once('destroyed', () => {
        for (const off of subscriptions.get(contents)?.values() ?? []) off();
        subscriptions.delete(contents);
      });
    }
    if (subs.has(name)) return;
    subs.set(
      name,
      bus.subscribe(name, (payload) => {
        if (!contents.isDestroyed()) contents.send(IPC.event, name, payload);
      }),
    );
  });

  ipcMain.on(IPC.unsubscribe, (event, name: unknown) => {
    if (typeof name !== 'string') return;
    const subs = subscriptions.get(event.sender);
    subs?.get(name)?.();
    subs?.delete(name);
  });

  return () => {
    ipcMain.removeHandler(IPC.invoke);
    ipcMain.removeAllListeners(IPC.subscribe);
    ipcMain.removeAllListeners(IPC.unsubscribe);
    for (const subs of subscriptions.values()) for (const off of subs.values()) off();
    subscriptions.clear();
  };
}
