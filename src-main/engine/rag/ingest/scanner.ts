import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { IngestRepository, JobRow } from './repository';
import { walkFolder } from './scan';

/** `folder` with a trailing separator, to match the paths inside it (and not /a/bc for /a/b). */
export const inside = (folder: string): string => (folder.endsWith(sep) ? folder : folder + sep);

/**
 * The files a job covers: each given file; each given folder's supported files, plus the paths of
 * documents inside it whose files are gone (so they are removed); for a re-index, every document's
 * path. A path that vanished stands for its document, or the documents that were inside it.
 */
export async function filesOfJob(
  repo: IngestRepository,
  job: Pick<JobRow, 'kbId' | 'paths' | 'source'>,
  onProblem: (path: string, message: string) => void,
): Promise<string[]> {
  const files = new Set<string>();
  if (job.source === 'reindex') for (const path of await repo.documentPaths(job.kbId)) files.add(path);
  for (const path of job.paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const walked = await walkFolder(path);
      for (const problem of walked.problems) onProblem(problem.path, problem.message);
      for (const file of walked.files) files.add(file);
      for (const known of await repo.documentPaths(job.kbId, inside(path))) files.add(known);
      continue;
    }
    if (info) {
      files.add(path);
      continue;
    }
    // Gone: remove its document, or the documents of a folder that was there.
    if (await repo.documentByPath(job.kbId, path)) files.add(path);
    for (const known of await repo.documentPaths(job.kbId, inside(path))) files.add(known);
  }
  return [...files];
}
