import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '../helpers/prometheus-text';

/** The strict parser the metrics test relies on: it must refuse what is not the exposition format. */
describe('Prometheus text parser (test helper)', () => {
  it('reads families, labels with escapes, histograms and special values', () => {
    const text = [
      '# HELP jobs_total Jobs done.',
      '# TYPE jobs_total counter',
      'jobs_total{kind="a\\"b",path="c:\\\\x\\ny"} 3',
      'jobs_total{kind="z"} 1.5e1 1700000000000',
      '# TYPE lat_seconds histogram',
      'lat_seconds_bucket{le="0.1"} 1',
      'lat_seconds_bucket{le="+Inf"} 2',
      'lat_seconds_sum 0.3',
      'lat_seconds_count 2',
      '# TYPE temp gauge',
      'temp Nan',
      '',
    ].join('\n');
    const families = parsePrometheusText(text);
    expect(families.get('jobs_total')).toMatchObject({ type: 'counter', help: 'Jobs done.' });
    expect(families.get('jobs_total')!.samples[0]!.labels).toEqual({ kind: 'a"b', path: 'c:\\x\ny' });
    expect(sampleValue(families, 'jobs_total')).toBe(18);
    expect(sampleValue(families, 'lat_seconds_bucket', { le: '+Inf' })).toBe(2);
    expect(sampleValue(families, 'lat_seconds_count')).toBe(2);
    expect(Number.isNaN(families.get('temp')!.samples[0]!.value)).toBe(true);
  });

  it.each([
    ['a sample without a TYPE', 'x 1'],
    ['a malformed value', '# TYPE x gauge\nx one'],
    ['an unquoted label value', '# TYPE x gauge\nx{a=b} 1'],
    ['a label given twice', '# TYPE x gauge\nx{a="1",a="2"} 1'],
    ['a second TYPE', '# TYPE x gauge\n# TYPE x counter'],
    ['an unknown type', '# TYPE x widget'],
    ['a bucket of a counter', '# TYPE x counter\nx_bucket{le="1"} 1'],
    ['a family split in two', '# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx{a="1"} 2'],
    ['a bad metric name', '# TYPE 1x gauge\n1x 1'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
