// Prints garbage on stdout around every valid answer; the answers themselves are correct.
import { serve, tool } from './rpc.mjs';

const junk = () => {
  process.stdout.write('Server starting... \u001b[32mOK\u001b[0m\n');
  process.stdout.write('{"this is": not json\n');
  process.stdout.write('{"jsonrpc":"2.0","weird":true}\n');
  process.stdout.write('\n');
};
junk();
serve(
  {
    'tools/call': async (params) => {
      junk();
      return { content: [{ type: 'text', text: `echo ${params.arguments?.text ?? ''}` }] };
    },
  },
  { tools: [tool('echo')] },
);
setInterval(() => process.stdout.write('tick garbage\n'), 50).unref();
