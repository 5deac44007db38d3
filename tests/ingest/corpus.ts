import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DocumentFormat } from '@shared/entities/rag';
import { makeDocx } from '../rag/generate/docx';
import { makePdf } from '../rag/generate/pdf';

/** One generated document: a word only it contains, and where that word must be cited. */
export interface CorpusFile {
  name: string;
  format: DocumentFormat;
  /** A dictionary word found in this file only (the bag-of-words embedder ignores tokens with digits). */
  needle: string;
  /** A query made of words around the needle. */
  query: string;
  page?: number;
  headingPath?: string[];
}

const article = Array.from(
  { length: 4 },
  () => '<p>The greenhouse tomatoes need sunshine, patient watering and a little compost every week of the season.</p>',
).join('');

/** Writes one document of every supported format into `dir`; returns what each should be found by. */
export async function writeCorpus(dir: string): Promise<CorpusFile[]> {
  const write = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  };
  write(
    'report.pdf',
    await makePdf(
      [['Quarterly report', 'Revenue grew in the north region.'], ['Second page mentions the lighthouse keeper.'], ['Third page closes with a summary.']],
      'Q3 Report',
    ),
  );
  write(
    'handbook.docx',
    makeDocx([
      { heading: 1, text: 'Handbook' },
      { text: 'Welcome to the team handbook.' },
      { heading: 2, text: 'Holidays' },
      { text: 'Everyone gets generous vacation of paid leave.' },
    ]),
  );
  write('garden.html', `<!doctype html><html><head><title>Garden</title></head><body><article><h1>Garden</h1>${article}</article></body></html>`);
  write('notes/recipes.md', '# Recipes\n\n## Bread\n\nKnead the sourdough gently before baking it in a hot oven.\n');
  write('notes/music.txt', 'The violinist practised scales every morning before breakfast.\n');
  write('data/animals.csv', 'animal,habitat\npenguin,antarctica\ncamel,desert\n');
  write('data/planets.json', '{"planet": "saturn", "description": "gas giant with bright rings"}');
  write('src/stars.ts', '// The telescope points at distant galaxies.\nexport const magnification = 4;\n');
  return [
    { name: 'report.pdf', format: 'pdf', needle: 'lighthouse', query: 'lighthouse keeper', page: 2 },
    { name: 'handbook.docx', format: 'docx', needle: 'vacation', query: 'generous vacation leave', headingPath: ['Handbook', 'Holidays'] },
    { name: 'garden.html', format: 'html', needle: 'tomatoes', query: 'greenhouse tomatoes', headingPath: ['Garden'] },
    { name: 'notes/recipes.md', format: 'markdown', needle: 'sourdough', query: 'knead sourdough', headingPath: ['Recipes', 'Bread'] },
    { name: 'notes/music.txt', format: 'text', needle: 'violinist', query: 'violinist practised scales' },
    { name: 'data/animals.csv', format: 'csv', needle: 'penguin', query: 'penguin antarctica' },
    { name: 'data/planets.json', format: 'json', needle: 'saturn', query: 'saturn gas giant' },
    { name: 'src/stars.ts', format: 'code', needle: 'telescope', query: 'telescope galaxies' },
  ];
}

/** `count` small text files in `dir`, each with a few sentences. */
export function writeSmallFiles(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `file-${String(i).padStart(4, '0')}.txt`;
    writeFileSync(join(dir, name), `Document number ${i}.\n\nIt talks about topic ${i % 17} and detail ${i % 5}.\n`);
    names.push(name);
  }
  return names;
}
