import { protocol, type Session } from 'electron';
import { appResponse } from './app-response';
import { APP_SCHEME } from './renderer-url';

/**
 * Registers app:// as a standard, secure scheme (its own origin, so CSP 'self' and same-origin
 * module scripts work). Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer on app://agent-factory/ in this session (after `ready`). */
export function handleAppProtocol(session: Session, rendererDir: string): () => void {
  session.protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request));
  return () => session.protocol.unhandle(APP_SCHEME);
}
