import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isDocumentParseError } from '../errors';
import { checkZip } from './zip-guard';

/** A one-entry zip; the headers claim `claimed` bytes uncompressed. */
function zipOf(name: string, data: Buffer, claimed: number, flags = 0): Uint8Array {
  const body = deflateRawSync(data);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(claimed, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(flags, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(claimed, 24);
  central.writeUInt16LE(n.length, 28);
  const cdOffset = local.length + n.length + body.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, body, central, n, end]);
}

const reasonOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (isDocumentParseError(e) ? e.reason : 'other'),
  );

describe('checkZip', () => {
  const limits = { maxInflatedBytes: 1 << 20, maxEntries: 10 };

  it('counts what entries really inflate to, not what headers claim', async () => {
    const entries = await checkZip(zipOf('a.xml', Buffer.alloc(5000, 97), 10), 'f.docx', limits);
    expect(entries).toEqual([{ name: 'a.xml', inflatedBytes: 5000 }]);
    expect(await reasonOf(checkZip(zipOf('a.xml', Buffer.alloc(2 << 20), 100), 'f.docx', limits))).toBe('zip_bomb');
  });

  it('rejects encrypted entries, too many entries and broken archives', async () => {
    expect(await reasonOf(checkZip(zipOf('a.xml', Buffer.from('x'), 1, 1), 'f.docx', limits))).toBe('encrypted');
    expect(await reasonOf(checkZip(zipOf('a.xml', Buffer.from('x'), 1), 'f.docx', { ...limits, maxEntries: 0 }))).toBe('zip_bomb');
    expect(await reasonOf(checkZip(Buffer.from('PK\u0003\u0004 not really a zip'), 'f.docx', limits))).toBe('corrupt');
    const damaged = Buffer.from(zipOf('a.xml', Buffer.alloc(5000, 97), 5000));
    damaged.fill(0xff, 40, 60);
    expect(await reasonOf(checkZip(damaged, 'f.docx', limits))).toBe('corrupt');
  });
});
