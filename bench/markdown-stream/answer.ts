/**
 * A realistic long answer of a model, in Markdown: sections with paragraphs, bullet and numbered
 * lists, task lists, tables, fenced code in several languages, inline code, links and citations.
 * Deterministic (seeded), about `size` characters.
 */
export function generateAnswer(size: number): string {
  let seed = 42;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = [
    'the',
    'agent',
    'calls',
    'a',
    'tool',
    'with',
    'its',
    'input',
    'and',
    'reads',
    'result',
    'server',
    'config',
    'file',
    'valve',
    'boiler',
    'pressure',
    'before',
    'after',
    'check',
    'knowledge',
    'base',
    'chunk',
    'embedding',
    'model',
    'answer',
    'question',
    'source',
    'step',
    'run',
    'trace',
    'event',
    'stream',
    'latency',
    'token',
    'budget',
    'cache',
    'retry',
    'error',
  ];
  const sentence = () => {
    const n = 8 + Math.floor(random() * 14);
    const parts = Array.from({ length: n }, () => pick(words));
    if (random() < 0.3) parts.splice(3, 0, `\`${pick(words)}_${pick(words)}\``);
    if (random() < 0.2) parts.splice(5, 0, `**${pick(words)}**`);
    if (random() < 0.1) parts.push(`[docs](https://example.com/${pick(words)})`);
    const text = parts.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}${random() < 0.25 ? ` [${1 + Math.floor(random() * 5)}]` : ''}.`;
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(random() * 4) }, sentence).join(' ');
  const code: Record<string, () => string> = {
    ts: () =>
      `\`\`\`ts\nexport async function ${pick(words)}Step(input: { id: string; limit?: number }) {\n  const rows = await db.select().from(runs).where(eq(runs.id, input.id)).limit(input.limit ?? 50);\n  if (!rows.length) throw new AppError('NOT_FOUND', \`No run "\${input.id}".\`);\n  return rows.map((r) => ({ ...r, took: Date.now() - r.startedAt }));\n}\n\`\`\``,
    py: () =>
      `\`\`\`python\ndef ${pick(words)}_summary(events):\n    totals = {}\n    for e in events:\n        totals[e["type"]] = totals.get(e["type"], 0) + 1  # count by kind\n    return sorted(totals.items(), key=lambda kv: -kv[1])\n\`\`\``,
    sh: () =>
      `\`\`\`bash\nagent-factory servers import ~/claude_desktop_config.json --json | jq '.created[].server.name'\nagent-factory run "${pick(words)}" --agent Researcher --yes\n\`\`\``,
    json: () =>
      `\`\`\`json\n{\n  "mcpServers": {\n    "${pick(words)}": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] }\n  }\n}\n\`\`\``,
  };
  const table = () => {
    const rows = Array.from(
      { length: 4 + Math.floor(random() * 5) },
      () =>
        `| ${pick(words)} | ${Math.floor(random() * 1000)} ms | ${pick(['ok', 'failed', 'slow'])} | ${pick(words)} ${pick(words)} |`,
    );
    return [
      '| Step | Latency | Status | Note |',
      '|------|--------:|:------:|------|',
      ...rows,
    ].join('\n');
  };
  const list = () =>
    Array.from({ length: 3 + Math.floor(random() * 4) }, (_, i) =>
      random() < 0.5 ? `${i + 1}. ${sentence()}` : `- ${sentence()}`,
    ).join('\n');
  const tasks = () =>
    Array.from({ length: 3 }, () => `- [${random() < 0.5 ? 'x' : ' '}] ${sentence()}`).join('\n');

  const blocks: string[] = ['# Findings', paragraph()];
  let length = 0;
  let section = 1;
  while (length < size - 200) {
    const block =
      random() < 0.12
        ? `## ${section++}. ${pick(words)} and ${pick(words)}`
        : pick([
            paragraph,
            paragraph,
            list,
            table,
            tasks,
            () => code[pick(Object.keys(code))]!(),
          ])();
    blocks.push(block);
    length += block.length + 2;
  }
  blocks.push('That is all. END-OF-ANSWER');
  return blocks.join('\n\n');
}

/** Cuts text into small deltas of 1–12 characters, as models stream tokens. */
export function toDeltas(text: string): string[] {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const deltas: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(random() * 12);
    deltas.push(text.slice(at, at + size));
    at += size;
  }
  return deltas;
}
