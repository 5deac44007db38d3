import { ASSERTION_TYPES } from '@shared/entities/eval';
import { CodeBlock } from '../../ui/CodeBlock';
import { GuideSetup } from './GuideSetup';

const AGENT_EXAMPLE = `name: Support answers
kind: agent
trials: 3
cases:
  - id: refund
    input: How do I get a refund?
    expected: Open Orders and choose Refund.
    tags: [billing]
    assert:
      - type: icontains
        value: refund
      - type: not-contains
        value: sorry
      - type: llm-rubric
        value: Tells the user where to click`;

const RETRIEVAL_EXAMPLE = `name: Guide search
kind: retrieval
kb: Agent Factory guide
k: 5
modes: [hybrid, keyword]
cases:
  - query: How do I add an MCP server?
    relevant: [guide/mcp.md]`;

/** The suite format in short: the case fields, the assertion types, retrieval suites. */
export function SuiteHelp() {
  return (
    <aside aria-label="Suite format" className="space-y-3 text-xs text-zinc-600 dark:text-zinc-300">
      <h3 className="text-[13px] font-semibold text-zinc-900 dark:text-zinc-100">Suite format</h3>
      <p>
        A suite is a YAML or JSON file: a <code>name</code>, targets and <code>trials</code>, and{' '}
        <code>cases</code>. A case has an <code>input</code> (text, or <code>text</code> with{' '}
        <code>vars</code> and <code>attachments</code>), an optional <code>expected</code> answer,{' '}
        <code>assert</code> (a list), <code>tags</code>, <code>weight</code> and{' '}
        <code>threshold</code>. A case passes when all its assertions pass, or its weighted score
        reaches its threshold.
      </p>
      <CodeBlock wrap={false} maxHeight="max-h-64">
        {AGENT_EXAMPLE}
      </CodeBlock>
      <div>
        <h4 className="font-medium text-zinc-800 dark:text-zinc-200">Assertion types</h4>
        <ul aria-label="Assertion types" className="mt-1 flex flex-wrap gap-1">
          {ASSERTION_TYPES.map((type) => (
            <li
              key={type}
              className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] dark:bg-zinc-800"
            >
              {type}
            </li>
          ))}
        </ul>
        <p className="mt-1">
          Any type can be negated with a <code>not-</code> prefix (<code>not-contains</code>). Each
          assertion may have a <code>weight</code> and a <code>threshold</code>.
        </p>
      </div>
      <div>
        <h4 className="font-medium text-zinc-800 dark:text-zinc-200">Retrieval suites</h4>
        <p>
          <code>kind: retrieval</code> with a knowledge base (<code>kb</code>), <code>k</code> and{' '}
          <code>modes</code>; each case has a <code>query</code> and the <code>relevant</code>{' '}
          passages (document paths or evidence phrases). Results give recall@k, MRR and nDCG@k per
          mode and per tag.
        </p>
        <CodeBlock wrap={false} className="mt-1" maxHeight="max-h-48">
          {RETRIEVAL_EXAMPLE}
        </CodeBlock>
      </div>
      <div className="space-y-1">
        <h4 className="font-medium text-zinc-800 dark:text-zinc-200">Samples</h4>
        <p>
          A knowledge base of this app’s own guide, with a retrieval suite and an agent suite over
          it.
        </p>
        <GuideSetup />
      </div>
    </aside>
  );
}
