import type { CaseStatus } from '@shared/entities/eval';
import { cx } from '../../ui/cx';
import type { Matrix, MatrixCell } from './matrix-model';

const CELL_LOOK: Record<CaseStatus, { label: string; className: string }> = {
  passed: {
    label: 'Pass',
    className: 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300',
  },
  failed: {
    label: 'Fail',
    className: 'bg-red-50 text-red-800 dark:bg-red-950/40 dark:text-red-300',
  },
  error: {
    label: 'Error',
    className: 'bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200',
  },
};

const cellKey = (cell: Pick<MatrixCell, 'caseId' | 'target'>) =>
  `${cell.caseId}\u0000${cell.target}`;

/** "2/3" (judged trials that passed) when the case ran more than once. */
function trialsText(cell: MatrixCell): string | null {
  const judged = cell.trials.filter((t) => t.status !== 'error').length;
  if (cell.trials.length < 2 || cell.passRate === null) return null;
  return `${Math.round(cell.passRate * judged)}/${judged}`;
}

function describeCell(cell: MatrixCell): string {
  const trials = trialsText(cell);
  return `${cell.caseId} against ${cell.target}: ${CELL_LOOK[cell.status].label}${cell.flaky ? ' (flaky)' : ''}${trials ? `, ${trials} trials passed` : ''}${cell.reason ? ` — ${cell.reason}` : ''}`;
}

/** Cases × targets: pass, fail or error per cell (the reason on hover), flaky marked; a click opens the case. */
export function ResultsMatrix({
  matrix,
  selected,
  onSelect,
}: {
  matrix: Matrix;
  selected: MatrixCell | null;
  onSelect: (cell: MatrixCell | null) => void;
}) {
  return (
    <div className="overflow-x-auto">
      <table aria-label="Results: cases × targets" className="w-full border-collapse text-xs">
        <thead>
          <tr>
            <th
              scope="col"
              className="border-b border-zinc-200 px-2 py-1.5 text-left font-medium dark:border-zinc-800"
            >
              Case
            </th>
            {matrix.targets.map((target) => (
              <th
                key={target}
                scope="col"
                className="border-b border-zinc-200 px-2 py-1.5 text-left font-medium dark:border-zinc-800"
              >
                {target}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.caseIds.map((caseId) => (
            <tr key={caseId} data-testid="matrix-row" data-case={caseId}>
              <th
                scope="row"
                className="border-b border-zinc-100 px-2 py-1 text-left font-mono font-normal dark:border-zinc-900"
              >
                {caseId}
              </th>
              {matrix.targets.map((target) => {
                const cell = matrix.cell(caseId, target);
                if (!cell)
                  return (
                    <td
                      key={target}
                      className="border-b border-zinc-100 px-2 py-1 text-zinc-400 dark:border-zinc-900"
                    >
                      —
                    </td>
                  );
                const isSelected = !!selected && cellKey(selected) === cellKey(cell);
                const trials = trialsText(cell);
                return (
                  <td
                    key={target}
                    className="border-b border-zinc-100 px-1 py-1 dark:border-zinc-900"
                  >
                    <button
                      type="button"
                      data-testid="matrix-cell"
                      data-status={cell.status}
                      data-flaky={cell.flaky || undefined}
                      aria-pressed={isSelected}
                      aria-label={describeCell(cell)}
                      title={cell.reason ?? undefined}
                      onClick={() => onSelect(isSelected ? null : cell)}
                      className={cx(
                        'flex w-full max-w-72 min-w-24 flex-col items-start rounded px-2 py-1 text-left',
                        'focus-visible:outline-2 focus-visible:outline-indigo-500',
                        CELL_LOOK[cell.status].className,
                        isSelected && 'ring-2 ring-indigo-500',
                      )}
                    >
                      <span className="flex items-center gap-1.5 font-medium">
                        {CELL_LOOK[cell.status].label}
                        {trials ? <span className="font-normal tabular-nums">{trials}</span> : null}
                        {cell.flaky ? (
                          <span className="rounded bg-amber-200/70 px-1 text-[10px] text-amber-900 dark:bg-amber-800/60 dark:text-amber-100">
                            flaky
                          </span>
                        ) : null}
                        {cell.trials.some((t) => t.cached) ? (
                          <span className="text-[10px] font-normal opacity-70">cached</span>
                        ) : null}
                      </span>
                      {cell.reason && cell.status !== 'passed' ? (
                        <span className="line-clamp-2 text-[11px] opacity-80">{cell.reason}</span>
                      ) : null}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
