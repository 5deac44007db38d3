// Worker bootstrap used only when running from TypeScript sources (vitest, tsx scripts):
// registers tsx inside the worker thread, then loads the real worker module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const { __entry, __tsconfig } = workerData ?? {};
register({ tsconfig: __tsconfig });
await import(__entry);
