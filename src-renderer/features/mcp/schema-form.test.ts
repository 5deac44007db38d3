import { describe, expect, it } from 'vitest';
import { argForm, initialArgValues, rawArguments, toArguments } from './schema-form';

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'Where' },
    head: { type: 'integer', minimum: 1 },
    ratio: { type: ['number', 'null'] },
    recursive: { type: 'boolean' },
    force: { type: 'boolean', default: true },
    mode: { enum: ['fast', 'slow'], default: 'fast' },
    tags: { type: 'array', items: { type: 'string' } },
    options: { type: 'object', properties: { a: { type: 'string' } } },
    content: { type: 'string' },
  },
  required: ['path', 'force', 'options'],
};

describe('argForm', () => {
  it('picks an input per property from its JSON Schema', () => {
    const { fields, rawJson } = argForm(schema);
    expect(rawJson).toBe(false);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['path', 'string', true],
      ['head', 'number', false],
      ['ratio', 'number', false],
      ['recursive', 'enum', false],
      ['force', 'boolean', true],
      ['mode', 'enum', false],
      ['tags', 'string-list', false],
      ['options', 'json', true],
      ['content', 'string', false],
    ]);
    expect(fields[0]).toMatchObject({ description: 'Where', multiline: false });
    expect(fields[1]).toMatchObject({ integer: true, minimum: 1 });
    expect(fields[3]).toMatchObject({ options: [true, false] });
    expect(fields.at(-1)).toMatchObject({ multiline: true });
  });

  it('falls back to one JSON box for schemas it cannot show field by field', () => {
    expect(argForm({ anyOf: [{ type: 'object' }] }).rawJson).toBe(true);
    expect(argForm({ type: 'object', additionalProperties: { type: 'string' } }).rawJson).toBe(
      true,
    );
    expect(argForm({ type: 'object', properties: {} })).toEqual({ fields: [], rawJson: false });
  });
});

describe('toArguments', () => {
  const { fields } = argForm(schema);

  it('starts from the defaults', () => {
    expect(initialArgValues(fields, schema)).toMatchObject({
      path: '',
      force: true,
      mode: '"fast"',
      tags: [],
      recursive: '',
    });
  });

  it('converts the values, leaving out empty optional ones', () => {
    const values = {
      ...initialArgValues(fields, schema),
      path: '/tmp/x',
      head: '3',
      recursive: 'false',
      tags: ['a', 'b'],
      options: '{ "a": "b" }',
    };
    expect(toArguments(fields, values)).toEqual({
      ok: true,
      args: {
        path: '/tmp/x',
        head: 3,
        recursive: false,
        force: true,
        mode: 'fast',
        tags: ['a', 'b'],
        options: { a: 'b' },
      },
    });
  });

  it('reports each field that is missing or wrong', () => {
    const values = {
      ...initialArgValues(fields, schema),
      head: '0.5',
      ratio: 'x',
      options: '{ "a": }',
    };
    const result = toArguments(fields, values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.path).toBe('Required');
    expect(result.errors.head).toBe('Enter a whole number');
    expect(result.errors.ratio).toBe('Enter a number');
    expect(result.errors.options).toMatch(/^Not valid JSON at line 1, column 8: /);
    expect(toArguments(fields, { ...values, head: '0' })).toMatchObject({
      errors: { head: 'At least 1' },
    });
  });

  it('takes raw JSON arguments as an object only', () => {
    expect(rawArguments('{"q": 1}')).toEqual({ ok: true, args: { q: 1 } });
    expect(rawArguments('')).toEqual({ ok: true, args: {} });
    expect(rawArguments('[1]')).toEqual({
      ok: false,
      errors: { '': 'The arguments must be a JSON object' },
    });
    expect(rawArguments('{\n  "q": 1,\n}')).toMatchObject({
      ok: false,
      errors: { '': expect.stringMatching(/^Not valid JSON at line 3, column 1: /) },
    });
  });
});
