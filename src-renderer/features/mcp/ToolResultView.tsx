import type { McpContentBlock, McpToolResult } from '@shared/entities/mcp';
import type { AppError } from '@shared/errors';
import { CodeBlock, prettyJson } from '../../ui/CodeBlock';
import { formatMs } from '../../ui/format';

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

function Block({ block }: { block: McpContentBlock }) {
  const text = str(block.text);
  if (block.type === 'text' && text !== undefined) return <CodeBlock>{text}</CodeBlock>;
  const data = str(block.data);
  const mime = str(block.mimeType);
  if (block.type === 'image' && data && mime?.startsWith('image/')) {
    return (
      <img
        src={`data:${mime};base64,${data}`}
        alt="Image returned by the tool"
        className="max-h-80 rounded-md border border-zinc-200 dark:border-zinc-800"
      />
    );
  }
  const resource = block.resource as { uri?: unknown; text?: unknown } | undefined;
  if (block.type === 'resource' && resource && typeof resource.text === 'string') {
    return (
      <div className="space-y-1">
        <p className="font-mono text-[11px] text-zinc-500">{String(resource.uri ?? '')}</p>
        <CodeBlock>{resource.text}</CodeBlock>
      </div>
    );
  }
  return <CodeBlock>{prettyJson(block)}</CodeBlock>;
}

/** A tool's answer: each content block, the structured content, and whether it was cut. */
export function ToolResultView({ result }: { result: McpToolResult }) {
  return (
    <section aria-label="Result" data-testid="tool-result" className="space-y-2">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Result in {formatMs(result.durationMs)} · {result.content.length} block
        {result.content.length === 1 ? '' : 's'}
        {result.truncated ? ` · cut to the size limit (was ${result.originalBytes} bytes)` : ''}
      </p>
      {result.content.map((block, i) => (
        <Block key={i} block={block} />
      ))}
      {result.structuredContent ? (
        <details>
          <summary className="cursor-pointer text-xs text-zinc-500 dark:text-zinc-400">
            Structured content
          </summary>
          <CodeBlock className="mt-1">{prettyJson(result.structuredContent)}</CodeBlock>
        </details>
      ) : null}
    </section>
  );
}

/** A failed call: its error code, what happened and what to do. */
export function ToolErrorView({ error }: { error: AppError }) {
  return (
    <div
      role="alert"
      data-testid="tool-error"
      data-code={error.code}
      className="space-y-0.5 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-[13px] text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
    >
      <p>
        <span className="mr-1.5 rounded bg-red-100 px-1 font-mono text-[11px] dark:bg-red-900/60">
          {error.code}
        </span>
        <span className="break-words">{error.message}</span>
      </p>
      {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
    </div>
  );
}
