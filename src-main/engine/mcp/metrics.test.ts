import { expect, test } from 'vitest';
import { McpMetrics } from './metrics';

test('counts calls and errors per tool and server, with nearest-rank percentiles', () => {
  const m = new McpMetrics();
  for (let i = 1; i <= 100; i++) m.record('s1', 'read', i);
  m.record('s1', 'write', 5, { code: 'TIMEOUT', message: 'slow' });
  const view = m.forServer('s1');
  expect(view).toMatchObject({
    serverId: 's1',
    calls: 101,
    errors: 1,
    lastError: { code: 'TIMEOUT', message: 'slow' },
  });
  expect(view.tools.find((t) => t.tool === 'read')).toMatchObject({
    calls: 100,
    errors: 0,
    p50Ms: 50,
    p95Ms: 95,
  });
  expect(m.forServer('unknown')).toEqual({ serverId: 'unknown', calls: 0, errors: 0, tools: [] });
});
