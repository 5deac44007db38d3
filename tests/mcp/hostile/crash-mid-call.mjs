// Dies in the middle of a tool call, after writing its last words to stderr (with --at-start,
// as soon as it starts).
import { serve, tool } from './rpc.mjs';

if (process.argv.includes('--at-start')) {
  process.stderr.write('cannot open config\n');
  process.exit(1);
}

serve(
  {
    'tools/call': async (params) => {
      if (params.name === 'ok')
        return { content: [{ type: 'text', text: `alive ${process.pid}` }] };
      process.stderr.write('fatal: segmentation fault (simulated)\n');
      setTimeout(() => process.exit(3), 10);
      return new Promise(() => {});
    },
  },
  { tools: [tool('crash'), tool('ok')] },
);
