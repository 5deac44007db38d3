import type { EvalRunDetail } from '@shared/entities/eval';
import { errorReasons, failureReasons, foldCases, type FoldedCase } from './eval-fold';

/** Characters XML 1.0 cannot hold at all (control characters other than tab, newline, return). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attrs = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** One line per trial that went wrong: its reasons, and the answer it gave. */
function trialLines(folded: FoldedCase, kind: 'failed' | 'error'): string {
  return folded.trials
    .filter((t) => t.status === kind)
    .map((t) => {
      const reasons = kind === 'failed' ? failureReasons(t) : errorReasons(t);
      const head = folded.trials.length > 1 ? `trial ${t.trial}: ` : '';
      const output = t.output !== null ? `\n  answer: ${t.output}` : '';
      return `${head}${reasons.join('\n  ')}${output}`;
    })
    .join('\n');
}

function testcase(folded: FoldedCase, classname: string): string {
  const open = `    <testcase${attrs({ name: folded.caseId, classname, time: seconds(folded.latencyMs) })}`;
  const trials = folded.trials.length > 1 ? `${folded.passedTrials}/${folded.judgedTrials} trials passed` : '';
  const out = folded.trials.find((t) => t.output !== null)?.output;
  const systemOut = out ? `\n      <system-out>${xmlEscape(out)}</system-out>` : '';
  if (folded.status === 'passed') return systemOut ? `${open}>${systemOut}\n    </testcase>` : `${open}/>`;
  const [tag, type, body] =
    folded.status === 'failed'
      ? (['failure', 'assertion', trialLines(folded, 'failed')] as const)
      : (['error', folded.errorKind ?? 'error', trialLines(folded, 'error')] as const);
  const message = [folded.reason, trials].filter(Boolean).join(' — ');
  return `${open}>\n      <${tag}${attrs({ message, type })}>${xmlEscape(body)}</${tag}>${systemOut}\n    </testcase>`;
}

/**
 * The run as JUnit XML: a `testsuite` per target, a `testcase` per case (trials folded as the
 * summary folds them), `failure` with the failing assertions' reasons, `error` for cases that could
 * not be judged (infrastructure or scorer errors).
 */
export function junitXml(run: EvalRunDetail): string {
  const folded = foldCases(run.cases);
  const labels = [...new Set([...run.targets.map((t) => t.label), ...folded.map((f) => f.target)])];
  const suites = labels.map((label) => {
    const cases = folded.filter((f) => f.target === label);
    const count = (status: FoldedCase['status']) => cases.filter((c) => c.status === status).length;
    const time = cases.reduce((sum, c) => sum + c.latencyMs, 0);
    const head = `  <testsuite${attrs({
      name: `${run.suiteName} — ${label}`,
      tests: cases.length,
      failures: count('failed'),
      errors: count('error'),
      skipped: 0,
      time: seconds(time),
      timestamp: run.createdAt,
    })}>`;
    const properties = `    <properties>\n${[
      ['run', run.id],
      ['suite', run.suiteName],
      ['suiteVersion', run.suiteVersion],
      ['target', label],
    ]
      .map(([name, value]) => `      <property${attrs({ name: name!, value: value! })}/>`)
      .join('\n')}\n    </properties>`;
    return [head, properties, ...cases.map((c) => testcase(c, `${run.suiteName}.${label}`)), '  </testsuite>'].join('\n');
  });
  const total = (status: FoldedCase['status']) => folded.filter((c) => c.status === status).length;
  const time = folded.reduce((sum, c) => sum + c.latencyMs, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: run.suiteName, tests: folded.length, failures: total('failed'), errors: total('error'), time: seconds(time) })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
