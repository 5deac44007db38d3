import { ComingSoon } from '../../ui/ComingSoon';
import { PlayIcon } from '../../ui/icons';

export function RunsPage() {
  return (
    <ComingSoon title="Runs" icon={<PlayIcon />}>
      Run agents in the foreground or background and watch every message and tool call live as a
      trace.
    </ComingSoon>
  );
}
