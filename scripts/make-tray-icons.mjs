// Writes the tray icons (resources/tray/tray-<state>.png, 16×16, and @2x, 32×32) with no dependencies:
// the app's mark (a ring and a dot on a rounded square) with a status dot. Run: node scripts/make-tray-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const OUT = join(import.meta.dirname, '..', 'resources', 'tray');
const STATES = {
  idle: { base: [79, 70, 229], dot: null },
  running: { base: [79, 70, 229], dot: [34, 197, 94] },
  attention: { base: [79, 70, 229], dot: [245, 158, 11] },
  paused: { base: [113, 113, 122], dot: null },
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The colour at (x, y) in unit coordinates, or null (transparent). */
function shade(x, y, { base, dot }) {
  const inRounded = (() => {
    const r = 0.22;
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    return x >= 0 && x <= 1 && y >= 0 && y <= 1 && Math.hypot(x - cx, y - cy) <= r;
  })();
  if (dot) {
    const d = Math.hypot(x - 0.8, y - 0.2);
    if (d <= 0.2) return dot;
    if (d <= 0.28) return null; // a gap around the status dot
  }
  if (!inRounded) return null;
  const c = Math.hypot(x - 0.5, y - 0.5);
  if (c <= 0.14 || (c >= 0.27 && c <= 0.36)) return [255, 255, 255];
  return base;
}

function draw(size, state) {
  const S = 4; // supersampling
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const colour = shade((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size, state);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((255 * a) / (S * S));
      }
    }
  }
  return png(size, rgba);
}

mkdirSync(OUT, { recursive: true });
for (const [name, state] of Object.entries(STATES)) {
  writeFileSync(join(OUT, `tray-${name}.png`), draw(16, state));
  writeFileSync(join(OUT, `tray-${name}@2x.png`), draw(32, state));
}
console.log(`tray icons written to ${OUT}`);
