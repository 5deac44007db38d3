/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: every line
 * must be a `# HELP`, a `# TYPE`, a comment, blank, or a sample of a family whose TYPE came before;
 * anything else throws. (prom-client writes the format but does not read it.)
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABEL = `${LABEL_NAME}=${LABEL_VALUE}`;
// Prometheus reads values with Go's ParseFloat: NaN and Inf in any case (prom-client writes `Nan`).
const VALUE = '[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])';
const SAMPLE = new RegExp(`^(${METRIC_NAME})(?:\\{((?:${LABEL}(?:,${LABEL})*)?,?)\\})? (${VALUE})(?: (-?[0-9]+))?$`);
const HELP = new RegExp(`^# HELP (${METRIC_NAME})(?: (.*))?$`);
const TYPE = new RegExp(`^# TYPE (${METRIC_NAME}) (counter|gauge|histogram|summary|untyped)$`);
const ONE_LABEL = new RegExp(`(${LABEL_NAME})=(${LABEL_VALUE})`, 'g');

const unescape = (quoted: string) => quoted.slice(1, -1).replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
const number = (text: string) => {
  if (/inf/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return /nan/i.test(text) ? NaN : Number(text);
};

/** The family a sample belongs to: histogram and summary samples carry suffixes. */
function familyOf(sample: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  const exact = families.get(sample);
  if (exact) return exact;
  const m = /^(.*)_(bucket|sum|count)$/.exec(sample);
  const base = m ? families.get(m[1]!) : undefined;
  if (!base) return undefined;
  if (base.type === 'histogram') return base;
  if (base.type === 'summary' && m![2] !== 'bucket') return base;
  return undefined;
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const helps = new Map<string, string>();
  let current: MetricFamily | undefined;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const fail = (why: string) => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const help = HELP.exec(line);
      if (help) {
        if (helps.has(help[1]!)) fail('second HELP for the metric');
        helps.set(help[1]!, (help[2] ?? '').replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : c)));
        const family = families.get(help[1]!);
        if (family) family.help = helps.get(help[1]!)!;
        return;
      }
      const type = TYPE.exec(line);
      if (type) {
        if (families.has(type[1]!)) fail('second TYPE for the metric');
        current = { name: type[1]!, type: type[2] as MetricType, help: helps.get(type[1]!) ?? '', samples: [] };
        families.set(current.name, current);
        return;
      }
      if (/^# (HELP|TYPE)\b/.test(line)) fail('malformed HELP or TYPE');
      return; // another comment
    }
    const sample = SAMPLE.exec(line);
    if (!sample) return fail('not a sample');
    const family = familyOf(sample[1]!, families);
    if (!family) return fail('sample of a metric without a TYPE');
    if (family !== current) fail('sample away from the rest of its family');
    const labels: Record<string, string> = {};
    for (const [, name, value] of (sample[2] ?? '').matchAll(ONE_LABEL)) {
      if (name! in labels) fail(`label ${name} twice`);
      labels[name!] = unescape(value!);
    }
    family.samples.push({ name: sample[1]!, labels, value: number(sample[3]!) });
  });
  return families;
}

/** The sum of the samples named `name` whose labels include `labels` (0 when none). */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const family of families.values())
    for (const s of family.samples)
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) total += s.value;
  return total;
}
