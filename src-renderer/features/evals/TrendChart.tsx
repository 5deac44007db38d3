import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { EvalRun } from '@shared/entities/eval';
import { href } from '../../app/route';
import { percent, shortDate } from './format';
import type { EvalRuns } from './use-eval-runs';

interface Point {
  id: string;
  /** "#3": the run's number among the suite's finished runs. */
  n: string;
  when: string;
  /** 0..100 */
  passRate: number;
  targets: string;
}

/** The finished runs with a summary, oldest first, as chart points. */
export function trendPoints(runs: readonly EvalRun[]): Point[] {
  return runs
    .filter((r) => r.status === 'completed' && r.summary)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((r, i) => ({
      id: r.id,
      n: `#${i + 1}`,
      when: shortDate(r.createdAt),
      passRate: Math.round(r.summary!.passRate * 1000) / 10,
      targets: r.targets.map((t) => t.label).join(', '),
    }));
}

/** What the chart shows, in words (its accessible name). */
export function trendSummary(points: readonly Point[]): string {
  if (!points.length) return 'No finished runs yet.';
  const first = points[0]!;
  const last = points.at(-1)!;
  const best = Math.max(...points.map((p) => p.passRate));
  return `Pass rate over ${points.length} ${points.length === 1 ? 'run' : 'runs'}: from ${first.passRate}% to ${last.passRate}% (best ${best}%).`;
}

function TrendTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: readonly { payload?: Point }[];
}) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2 py-1 text-xs shadow dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
      <p className="font-medium">
        Run {point.n}: {point.passRate}%
      </p>
      <p className="text-zinc-500 dark:text-zinc-400">{point.when}</p>
      {point.targets ? <p className="text-zinc-500 dark:text-zinc-400">{point.targets}</p> : null}
    </div>
  );
}

/** Pass rate over the suite's runs: a line chart (colours follow the theme) and the same as a table. */
export function TrendChart({ suiteId, runs }: { suiteId: string; runs: EvalRuns }) {
  const points = trendPoints(runs.runs);
  const summary = trendSummary(points);
  if (!points.length)
    return (
      <p className="text-[13px] text-zinc-500 dark:text-zinc-400">
        {summary} Run the suite to see its trend.
      </p>
    );
  return (
    <figure className="max-w-4xl space-y-3">
      <figcaption className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="trend-summary">
        {summary}
      </figcaption>
      <div
        role="img"
        aria-label={summary}
        className="text-zinc-500 dark:text-zinc-400"
        data-testid="trend-chart"
      >
        <LineChart
          responsive
          style={{ width: '100%', height: 260 }}
          data={points}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid stroke="currentColor" strokeOpacity={0.2} strokeDasharray="3 3" />
          <XAxis
            dataKey="when"
            stroke="currentColor"
            tick={{ fill: 'currentColor', fontSize: 11 }}
          />
          <YAxis
            domain={[0, 100]}
            unit="%"
            width={48}
            stroke="currentColor"
            tick={{ fill: 'currentColor', fontSize: 11 }}
          />
          <Tooltip content={<TrendTooltip />} />
          <Line
            type="linear"
            dataKey="passRate"
            name="Pass rate"
            stroke="var(--color-indigo-500, #6366f1)"
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-600 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300">
          Show as a table
        </summary>
        <table aria-label="Pass rate by run" className="mt-2">
          <thead>
            <tr className="text-left text-zinc-500 dark:text-zinc-400">
              <th scope="col" className="pr-4 font-medium">
                Run
              </th>
              <th scope="col" className="pr-4 font-medium">
                Pass rate
              </th>
              <th scope="col" className="font-medium">
                Targets
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.id} data-testid="trend-row">
                <td className="pr-4">
                  {p.n}{' '}
                  <a
                    href={href('evals', suiteId, 'results', p.id)}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    {p.when}
                  </a>
                </td>
                <td className="pr-4 tabular-nums">{percent(p.passRate / 100, 1)}</td>
                <td>{p.targets}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
