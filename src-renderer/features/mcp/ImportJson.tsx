import { useRef, useState, type FormEvent } from 'react';
import type { ImportReport } from '@shared/entities/mcp';
import type { AppError } from '@shared/errors';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { href } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { describeJsonError, parseJson } from './json-text';
import { useMcp } from './store';

const example = `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"]
    }
  }
}`;

/** Paste a Claude Desktop `mcpServers` config: its syntax is checked here, its entries by the app. */
export function ImportJson() {
  const api = useApi();
  const remember = useMcp((s) => s.remember);
  const box = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [syntax, setSyntax] = useState<string | undefined>();
  const [error, setError] = useState<AppError | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setReport(null);
    const parsed = parseJson(text);
    if (!parsed.ok) {
      setSyntax(`Not valid JSON at ${describeJsonError(parsed)}`);
      box.current?.focus();
      box.current?.setSelectionRange(parsed.offset, Math.min(parsed.offset + 1, text.length));
      return;
    }
    setSyntax(undefined);
    setBusy(true);
    try {
      const result = await api.call('mcp.servers.import', { json: text });
      remember([...result.created, ...result.updated]);
      setReport(result);
    } catch (caught) {
      setError(toAppError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Import servers from JSON"
      className="space-y-3 py-4"
    >
      <Field
        id="mcp-import-json"
        label="Claude Desktop config (mcpServers JSON)"
        error={syntax}
        hint="Paste claude_desktop_config.json or its mcpServers part. Servers with an existing name are updated."
      >
        <textarea
          ref={box}
          {...describedBy('mcp-import-json', syntax, true)}
          className={`${inputClass} font-mono text-xs leading-5`}
          rows={14}
          spellCheck={false}
          placeholder={example}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setSyntax(undefined);
          }}
        />
      </Field>
      {error ? (
        <Banner tone="error">
          <p>{error.message}</p>
          {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
          {error.issues && error.issues.length > 1 ? (
            <ul className="mt-1 list-disc pl-4 text-xs" aria-label="Problems">
              {error.issues.map((issue, i) => (
                <li key={i}>
                  {issue.path.length ? (
                    <code className="font-mono">{issue.path.join('.')}</code>
                  ) : null}
                  {issue.path.length ? ': ' : ''}
                  {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Banner>
      ) : null}
      {report ? <ImportReportView report={report} /> : null}
      <Button type="submit" variant="primary" disabled={busy || !text.trim()}>
        {busy ? 'Importing…' : 'Import'}
      </Button>
    </form>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  const groups = [
    { title: 'Added', views: report.created },
    { title: 'Updated', views: report.updated },
  ];
  const nothing = !report.created.length && !report.updated.length && !report.skipped.length;
  return (
    <section
      aria-label="Import report"
      data-testid="import-report"
      className="space-y-2 rounded-md border border-zinc-200 p-3 text-[13px] dark:border-zinc-800"
    >
      {nothing ? <p>The config has no servers.</p> : null}
      {groups.map(({ title, views }) =>
        views.length ? (
          <div key={title}>
            <h3 className="text-xs font-semibold text-zinc-500 dark:text-zinc-400">
              {title} ({views.length})
            </h3>
            <ul className="mt-0.5">
              {views.map((v) => (
                <li key={v.server.id}>
                  <a
                    href={href('mcp', v.server.id)}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    {v.server.name}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
      {report.skipped.length ? (
        <div>
          <h3 className="text-xs font-semibold text-amber-700 dark:text-amber-300">
            Skipped ({report.skipped.length})
          </h3>
          <ul className="mt-0.5">
            {report.skipped.map((s) => (
              <li key={s.name}>
                <span className="font-medium">{s.name}</span>: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Imported servers are not started yet: open one and start it.
      </p>
    </section>
  );
}
