import mammoth from 'mammoth';
import { parseError } from '../errors';
import { MAGIC, startsWith } from '../detect';
import { htmlToStructured } from './html';
import type { ParseBudget, Structured } from './types';
import { checkZip } from './zip-guard';

const MAX_WARNINGS = 20;

/**
 * Converts a Word document to structured text. The zip is checked first (entries and real inflated
 * size); mammoth then reads it from memory with external file access off, and images are never
 * read (only their alt text is kept), so links to local files or URLs are never followed.
 */
export async function docxToStructured(bytes: Uint8Array, fileName: string, budget: ParseBudget): Promise<Structured> {
  if (startsWith(bytes, MAGIC.ole)) {
    throw parseError('encrypted', fileName, 'it is a password-protected (or legacy .doc) Office file');
  }
  if (!startsWith(bytes, MAGIC.zip)) throw parseError('corrupt', fileName, 'it is not a zip-based Word file');
  const entries = await checkZip(bytes, fileName, {
    maxInflatedBytes: budget.maxInflatedBytes,
    maxEntries: budget.maxArchiveEntries,
  });
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw parseError('corrupt', fileName, 'it has no word/document.xml');
  }

  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        externalFileAccess: false,
        // Never call image.read(): alt text is all we keep, and reading could follow an external link.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
  } catch (error) {
    throw parseError('corrupt', fileName, (error as Error).message, error);
  }
  const warnings = result.messages
    .filter((m) => m.type === 'warning' || m.type === 'error')
    .slice(0, MAX_WARNINGS)
    .map((m) => m.message);
  const structured = htmlToStructured(`<!doctype html><html><body>${result.value}</body></html>`, { mainContent: false });
  return { ...structured, warnings: [...(structured.warnings ?? []), ...warnings] };
}
