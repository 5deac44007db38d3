import { app, shell, type Session, type WebContents, type WebFrameMain } from 'electron';
import { isExternalLinkAllowed } from '@shared/links';
import { isTrustedUrl } from './trusted-frame';

/** Is this frame our own renderer (the bundled page, or the dev server in development)? */
export function isTrustedFrame(frame: WebFrameMain | null | undefined, rendererUrl: string): boolean {
  return isTrustedUrl(frame?.url, rendererUrl);
}

/** Deny-by-default for everything a page could ask of the shell. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function hardenContents(rendererUrl: string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== rendererUrl) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to the web open in the user's browser (mailto: in the mail client), never in the
      // app; any other scheme is dropped (the decision is unit-tested in src-shared/links.ts).
      if (isExternalLinkAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
