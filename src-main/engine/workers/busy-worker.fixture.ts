// A worker for the pool's tests: sleeps (no CPU), spins (CPU) and reports phases as asked.
import { serveWorker } from './serve';

const spin = (ms: number) => {
  const until = Date.now() + ms;
  let x = 0;
  while (Date.now() < until) x += Math.sqrt(x + 1);
  return x;
};

serveWorker(async (payload, report) => {
  const steps = payload as Array<{ sleep?: number; spin?: number; phase?: string }>;
  for (const step of steps) {
    if (step.phase) report(step.phase);
    if (step.sleep) await new Promise((r) => setTimeout(r, step.sleep));
    if (step.spin) spin(step.spin);
  }
  return { result: 'done' };
});
