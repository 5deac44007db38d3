/** A file the user dropped or chose, with where it sat inside what they dropped. */
export interface PickedFile {
  file: File;
  /** Path inside the dropped or chosen folder ("notes/a.md"); just the name for a loose file. */
  relativePath: string;
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    // readEntries answers in batches (about 100 in Chromium) until it answers an empty one.
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    out.push({ file: await fileOf(entry as FileSystemFileEntry), relativePath });
  } else if (entry.isDirectory) {
    const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) await walk(child, relativePath, out);
  }
}

/**
 * The files of a drop, folders walked recursively. Everything the browser allows reading only
 * during the drop event is taken synchronously, before the first await: call it from the handler.
 */
export function filesFromDataTransfer(data: DataTransfer): Promise<PickedFile[]> {
  const sources = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry?.() ?? null, file: item.getAsFile() }));
  // Some drops (synthetic ones, some platforms) have files but no items.
  if (!sources.length) {
    return Promise.resolve([...data.files].map((file) => ({ file, relativePath: file.name })));
  }
  return (async () => {
    const out: PickedFile[] = [];
    for (const { entry, file } of sources) {
      if (entry) await walk(entry, '', out);
      else if (file) out.push({ file, relativePath: file.name });
    }
    return out;
  })();
}

/** The files of a file input (a folder input gives each file's path inside the folder). */
export function filesFromInput(files: FileList | null): PickedFile[] {
  return [...(files ?? [])].map((file) => ({
    file,
    relativePath: file.webkitRelativePath || file.name,
  }));
}
