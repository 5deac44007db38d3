import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../engine/eval/suite-file';

/** The README's evaluation section: its example suites are valid suites, so the documentation cannot drift from the format. */
describe('README evaluation examples', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Evaluation\n'), readme.indexOf('\n## ', readme.indexOf('\n## Evaluation\n') + 5));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const suites = blocks.filter((b) => /^cases:/m.test(b));

  it('has an agent suite and a retrieval suite, and both parse', () => {
    expect(section.length).toBeGreaterThan(1000);
    expect(suites).toHaveLength(2);
    const parsed = suites.map((content) => parseSuite(content, 'yaml'));
    for (const p of parsed) expect(p.ok ? [] : p.issues).toEqual([]);
    const [agent, retrieval] = parsed.map((p) => (p.ok ? p.suite : undefined));
    expect(agent?.kind).toBe('agent');
    expect(retrieval?.kind).toBe('retrieval');
    const types = agent?.kind === 'agent' ? agent.cases.flatMap((c) => c.assert.map((a) => a.type)) : [];
    expect(types).toEqual(expect.arrayContaining(['contains', 'not-contains', 'llm-rubric', 'tool-called', 'is-json']));
  });

  it('shows a CI job that runs the suite with a gate and JUnit output', () => {
    expect(section).toContain('npx agent-factory eval run suites/support.yaml --agent Support --fail-under 0.9 --junit results.xml');
  });
});
