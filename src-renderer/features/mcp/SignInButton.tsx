import { useState } from 'react';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Button } from '../../ui/Button';

/**
 * "Sign in" for an HTTP server that asks for OAuth: the engine opens the system browser (desktop)
 * and returns the link, shown here for headless use; the browser's return restarts the server.
 */
export function SignInButton({ serverId }: { serverId: string }) {
  const api = useApi();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('mcp.servers.signIn', { id: serverId });
      setUrl(result.url ?? null);
    } catch (caught) {
      setError(toAppError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="mt-1 space-y-1" data-testid="mcp-sign-in">
      <Button variant="primary" disabled={busy} onClick={() => void signIn()}>
        Sign in
      </Button>
      {url ? (
        <p className="text-xs break-all">
          Finish in your browser. If it did not open, open this link:{' '}
          <a className="underline" href={url} target="_blank" rel="noreferrer">
            {url}
          </a>
        </p>
      ) : null}
      {error ? <p className="text-xs">{error}</p> : null}
    </div>
  );
}
