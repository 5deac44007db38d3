import { extname } from 'node:path';
import type { DocumentFormat } from '@shared/entities/rag';

const byExtension: Record<string, DocumentFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.log': 'text',
  '.rst': 'text',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.json': 'json',
};

/** Source-code extensions and the language each one names. */
const codeLanguages: Record<string, string> = {
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.kt': 'kotlin',
  '.swift': 'swift',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.hpp': 'cpp',
  '.cs': 'csharp',
  '.rb': 'ruby',
  '.php': 'php',
  '.sh': 'shell',
  '.bash': 'shell',
  '.sql': 'sql',
  '.css': 'css',
  '.scss': 'scss',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.xml': 'xml',
  '.jsonl': 'json',
  '.ndjson': 'json',
  '.lua': 'lua',
  '.r': 'r',
  '.scala': 'scala',
  '.vue': 'vue',
  '.svelte': 'svelte',
};

/** Extensions of formats that are recognisably not text (e.g. legacy Office, images, archives). */
const knownUnsupported = new Set([
  '.doc', '.xls', '.xlsx', '.ppt', '.pptx', '.odt', '.rtf', '.epub', '.zip', '.gz', '.tar', '.7z', '.rar',
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tiff', '.mp3', '.mp4', '.wav', '.mov', '.exe', '.dll', '.so',
]);

export interface DetectedFormat {
  format: DocumentFormat;
  language?: string;
}

/**
 * The format of a file by its name; `undefined` when the name says it is a format that cannot be
 * read. Files without a known extension are tried as plain text (binary data is rejected later).
 */
export function detectFormat(fileName: string): DetectedFormat | undefined {
  const ext = extname(fileName).toLowerCase();
  const format = byExtension[ext];
  if (format) return { format };
  const language = codeLanguages[ext];
  if (language) return { format: 'code', language };
  if (knownUnsupported.has(ext)) return undefined;
  return { format: 'text' };
}

/** The extensions the parser reads, for file pickers. */
export const supportedExtensions: readonly string[] = [...Object.keys(byExtension), ...Object.keys(codeLanguages)];

export function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export const MAGIC = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  zip: [0x50, 0x4b, 0x03, 0x04], // PK\3\4
  /** OLE compound file: password-protected Office documents are stored this way. */
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
} as const;
