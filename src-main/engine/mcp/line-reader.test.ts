import { describe, expect, test } from 'vitest';
import { LineReader, sniffJsonRpcId, type OversizeLine } from './line-reader';

function reader(max: number) {
  const lines: string[] = [];
  const oversize: OversizeLine[] = [];
  const r = new LineReader(max, {
    onLine: (l) => lines.push(l),
    onOversize: (o) => oversize.push(o),
  });
  return { r, lines, oversize };
}

describe('LineReader', () => {
  test('joins lines split across chunks and drops \\r', () => {
    const { r, lines } = reader(100);
    r.push(Buffer.from('{"a":'));
    r.push(Buffer.from('1}\r\n{"b":2}\n{"c"'));
    r.push(Buffer.from(':3}\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  test('keeps multi-byte characters split between chunks', () => {
    const { r, lines } = reader(100);
    const bytes = Buffer.from('héllo\n');
    r.push(bytes.subarray(0, 2));
    r.push(bytes.subarray(2));
    expect(lines).toEqual(['héllo']);
  });

  test('skips a line over the limit, reports its size, and reads the next line normally', () => {
    const { r, lines, oversize } = reader(50);
    const big = `{"result":{"text":"${'x'.repeat(200)}"},"jsonrpc":"2.0","id":7}`;
    for (let i = 0; i < big.length; i += 16) r.push(Buffer.from(big.slice(i, i + 16)));
    r.push(Buffer.from('\n{"ok":true}\n'));
    expect(lines).toEqual(['{"ok":true}']);
    expect(oversize).toHaveLength(1);
    expect(oversize[0]!.bytes).toBe(big.length);
    expect(sniffJsonRpcId(oversize[0]!)).toBe(7);
  });
});

describe('sniffJsonRpcId', () => {
  test('finds the id before the first nested value or after the last one', () => {
    expect(
      sniffJsonRpcId({
        bytes: 0,
        head: '{"jsonrpc":"2.0","id":"abc","result":{"content":[',
        tail: '',
      }),
    ).toBe('abc');
    expect(
      sniffJsonRpcId({
        bytes: 0,
        head: '{"result":{"x":1',
        tail: 'xx"}]},"jsonrpc":"2.0","id":42}',
      }),
    ).toBe(42);
  });

  test('does not take an "id" that is inside the payload', () => {
    expect(
      sniffJsonRpcId({ bytes: 0, head: '{"result":{"id":5,"x":"', tail: 'xxx"}}' }),
    ).toBeUndefined();
  });
});
