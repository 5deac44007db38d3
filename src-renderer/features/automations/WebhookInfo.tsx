import { useState } from 'react';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { useLoader } from '../../api/use-loader';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CodeBlock } from '../../ui/CodeBlock';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyButton } from '../../ui/CopyButton';

/** The webhook's full URL: on the page's own server in a browser, else a placeholder for serve's address. */
export function webhookUrl(
  path: string,
  location: Pick<Location, 'protocol' | 'origin'> = window.location,
): string {
  const base = /^https?:$/.test(location.protocol)
    ? location.origin
    : 'http://127.0.0.1:<serve port>';
  return `${base}${path}`;
}

/** A shell example that signs the body as the engine checks it (see WebhookTrigger in the contract). */
export function curlExample(url: string, secret: string): string {
  return [
    `SECRET='${secret}'`,
    `BODY='{"text":"hello from curl"}'`,
    'TS=$(date +%s)',
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
    `curl -X POST '${url}' \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H "x-af-timestamp: $TS" \\`,
    `  -H "x-af-signature: sha256=$SIG" \\`,
    `  --data "$BODY"`,
  ].join('\n');
}

/** The webhook's URL and secret (copyable), how to sign a request, and a way to make a new secret. */
export function WebhookInfo({ automationId }: { automationId: string }) {
  const api = useApi();
  const [rotated, setRotated] = useState<{ path: string; secret: string } | null>(null);
  const [confirm, setConfirm] = useState(false);
  const { error, run } = useAction();
  const loaded = useLoader(
    () => api.call('automations.webhookSecret', { automation: automationId }),
    [api, automationId],
  );
  const hook = rotated ?? loaded.data;

  const rotate = async () => {
    setConfirm(false);
    await run(async () =>
      setRotated(
        await api.call('automations.webhookSecret', { automation: automationId, rotate: true }),
      ),
    );
  };

  if (loaded.error)
    return <Banner tone="error">Could not get the webhook's secret: {loaded.error.message}</Banner>;
  if (!hook) return <p className="text-xs text-zinc-500">Getting the webhook's secret…</p>;
  const url = webhookUrl(hook.path);
  return (
    <section aria-label="Webhook" data-testid="webhook-info" className="space-y-2">
      <div className="flex items-center gap-2 text-[13px]">
        <span className="w-14 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">URL</span>
        <code className="min-w-0 flex-1 truncate font-mono text-xs" data-testid="webhook-url">
          {url}
        </code>
        <CopyButton label="Copy webhook URL" text={() => url} />
      </div>
      <div className="flex items-center gap-2 text-[13px]">
        <span className="w-14 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">Secret</span>
        <code className="min-w-0 flex-1 truncate font-mono text-xs" data-testid="webhook-secret">
          {hook.secret}
        </code>
        <CopyButton label="Copy webhook secret" text={() => hook.secret} />
        <Button variant="ghost" onClick={() => setConfirm(true)}>
          New secret
        </Button>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Sign each POST: <code className="font-mono">x-af-timestamp</code> (epoch seconds) and{' '}
        <code className="font-mono">
          x-af-signature: sha256=&lt;hex HMAC-SHA256 of "timestamp.body"&gt;
        </code>
        . Requests older than 5 minutes, or seen before, are refused.
      </p>
      <div className="relative">
        <CodeBlock wrap={false} data-testid="webhook-curl">
          {curlExample(url, hook.secret)}
        </CodeBlock>
        <CopyButton
          label="Copy curl example"
          text={() => curlExample(url, hook.secret)}
          className="absolute top-1 right-1"
        />
      </div>
      {error ? <Banner tone="error">{error}</Banner> : null}
      {confirm ? (
        <ConfirmDialog
          title="Make a new secret?"
          confirmLabel="New secret"
          danger
          onConfirm={() => void rotate()}
          onCancel={() => setConfirm(false)}
        >
          The current secret stops working at once; senders need the new one.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
