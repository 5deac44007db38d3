import { describe, expect, it } from 'vitest';
import { issueText, metricLines } from './eval-format';

describe('retrieval metrics in the terminal', () => {
  it('prints the overall figures first, then each mode in the suite’s order, then tags; recall, MRR, nDCG in each', () => {
    // Keys in the order a jsonb column gives them back (by length), not the engine's.
    const metrics = {
      mrr: 0.75,
      'ndcg@5': 0.8,
      'recall@5': 0.9,
      'vector.mrr': 0.5,
      'hybrid.mrr': 0.75,
      'vector.ndcg@5': 0.6,
      'hybrid.ndcg@5': 0.8,
      'vector.recall@5': 0.7,
      'hybrid.recall@5': 0.9,
      'tag:billing.mrr': 1,
      'tag:billing.recall@5': 1,
    };
    expect(metricLines(metrics, ['hybrid', 'vector'])).toEqual([
      '  overall: recall@5 0.900, mrr 0.750, ndcg@5 0.800',
      '  hybrid: recall@5 0.900, mrr 0.750, ndcg@5 0.800',
      '  vector: recall@5 0.700, mrr 0.500, ndcg@5 0.600',
      '  tag:billing: recall@5 1.000, mrr 1.000',
    ]);
  });
});

describe('suite problems as printed by eval import', () => {
  it('names the field once', () => {
    expect(issueText({ path: 'name', message: '"name" is required' })).toBe('"name" is required');
    expect(issueText({ path: 'cases[1].input', message: 'input: give the message text, or { text, vars?, attachments? }' })).toBe(
      'cases[1].input: give the message text, or { text, vars?, attachments? }',
    );
    expect(issueText({ path: 'cases[0].assert[0].type', message: 'Unknown assertion type contians.' })).toBe('cases[0].assert[0].type: Unknown assertion type contians.');
    expect(issueText({ path: '', message: 'Nested mappings are not allowed' })).toBe('Nested mappings are not allowed');
  });
});
