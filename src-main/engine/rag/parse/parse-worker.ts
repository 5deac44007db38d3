// Entry of a parse worker thread: reads, parses and (optionally) chunks one file per request,
// picking its key terms too when it chunks.
import { chunkDocument } from '../chunk/chunker';
import { loadTokenizer } from '../chunk/tokenizer';
import { keyTerms } from '../graph/extract-terms';
import { serveWorker } from '../../workers/serve';
import { parseBytes } from './parse-document';
import { ParseTask, type ParseTaskResult } from './protocol';
import { readFileLimited } from './read-file';

serveWorker(async (payload, report) => {
  const task = ParseTask.parse(payload);
  const { source, limits } = task;
  const bytes = source.kind === 'path' ? await readFileLimited(source.path, source.name, limits.maxFileBytes) : source.bytes;
  const document = await parseBytes(bytes, source.name, limits);
  const result: ParseTaskResult = { document };
  if (task.chunking) {
    // Chunking has its own budget, by size: the host's parse limit ends here.
    report('chunking');
    const { documentId, tokenizer, maxTokens, overlapTokens } = task.chunking;
    result.chunks = chunkDocument(document, documentId, await loadTokenizer(tokenizer), {
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      ...(overlapTokens !== undefined ? { overlapTokens } : {}),
    });
    result.terms = keyTerms(document.text);
  }
  return { result };
});
