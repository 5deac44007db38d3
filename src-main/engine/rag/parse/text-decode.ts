import { parseError } from './errors';

/** Share of undecodable UTF-8 sequences above which a file counts as binary. */
const MAX_INVALID_RATIO = 0.3;
/** Share of control characters (other than whitespace) above which a file counts as binary. */
const MAX_CONTROL_RATIO = 0.02;
const SAMPLE_BYTES = 64 * 1024;

function countControl(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) n++;
  }
  return n;
}

function countReplacement(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/** Windows-1252 code points for bytes 0x80–0x9F (undefined positions keep their byte value). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** Decodes Windows-1252 (Node's TextDecoder treats that label as ISO-8859-1). */
function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] as number));
}

/** Line ends become `\n`, so offsets mean the same on every platform. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * Decodes a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 for legacy
 * files with a few non-UTF-8 bytes. Binary data (NUL bytes, mostly undecodable bytes, control
 * characters) is rejected with reason `binary`.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return normalizeNewlines(new TextDecoder('utf-16le').decode(bytes.subarray(2)));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return normalizeNewlines(new TextDecoder('utf-16be').decode(bytes.subarray(2)));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;

  if (body.subarray(0, SAMPLE_BYTES).includes(0)) throw parseError('binary', fileName, 'it contains NUL bytes');
  let text = new TextDecoder('utf-8').decode(body);
  const invalid = countReplacement(text);
  if (invalid > 0) {
    if (invalid / Math.max(1, text.length) > MAX_INVALID_RATIO) {
      throw parseError('binary', fileName, 'most of it is not valid text in any encoding');
    }
    text = decodeWindows1252(body);
  }
  if (countControl(text) / Math.max(1, text.length) > MAX_CONTROL_RATIO) {
    throw parseError('binary', fileName, 'it is full of control characters');
  }
  return normalizeNewlines(text);
}
