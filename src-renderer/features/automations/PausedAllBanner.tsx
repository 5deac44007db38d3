import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { formatInZone } from './describe';
import { overviewStoreFor, useOverview } from './overview-store';

/** Says when every automation is paused (from the tray or the CLI), until when, and resumes them. */
export function PausedAllBanner() {
  const api = useApi();
  const pausedAll = useOverview((s) => s.overview?.pausedAll ?? null);
  const { busy, error, run } = useAction();
  if (!pausedAll) return null;
  const resume = () =>
    run(async () => {
      const overview = await api.call('automations.resumeAll', {});
      overviewStoreFor(api).setState({ overview, unread: overview.unread });
    });
  return (
    <Banner
      tone="warning"
      actions={
        <Button disabled={busy} onClick={() => void resume()}>
          Resume all
        </Button>
      }
    >
      <p data-testid="paused-all">
        All automations are paused{' '}
        {pausedAll.until ? `until ${formatInZone(pausedAll.until)}` : 'until you resume them'}.
      </p>
      {error ? <p>{error}</p> : null}
    </Banner>
  );
}
