import { ComingSoon } from '../../ui/ComingSoon';
import { PlugIcon } from '../../ui/icons';

export function McpPage() {
  return (
    <ComingSoon title="MCP Servers" icon={<PlugIcon />}>
      Connect MCP servers, inspect their tools and choose which tools each agent may call.
    </ComingSoon>
  );
}
