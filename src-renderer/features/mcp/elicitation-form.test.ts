import { describe, expect, it } from 'vitest';
import { elicitationFields, initialValues, toContent } from './elicitation-form';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Your name', default: 'John Doe' },
    age: { type: 'integer', minimum: 0, default: 30 },
    verified: { type: 'boolean', default: true },
    status: { type: 'string', enum: ['active', 'inactive'], enumNames: ['Active', 'Inactive'], default: 'active' },
    pet: { type: 'string', oneOf: [{ const: 'cat-1', title: 'Cat' }, { const: 'dog-1', title: 'Dog' }] },
    hobbies: { type: 'array', items: { type: 'string', enum: ['Guitar', 'Chess'] }, default: ['Guitar'], maxItems: 1 },
    email: { type: 'string', format: 'email' },
  },
  required: ['name', 'pet'],
};

describe('elicitation form', () => {
  const fields = elicitationFields(schema);

  it('offers enums with their titles in each revision’s form (enumNames, oneOf const/title, array items)', () => {
    expect(fields.find((f) => f.name === 'status')).toMatchObject({
      kind: 'select',
      options: [{ value: 'active', label: 'Active' }, { value: 'inactive', label: 'Inactive' }],
    });
    expect(fields.find((f) => f.name === 'pet')).toMatchObject({ kind: 'select', required: true, options: [{ value: 'cat-1', label: 'Cat' }, { value: 'dog-1', label: 'Dog' }] });
    expect(fields.find((f) => f.name === 'hobbies')).toMatchObject({ kind: 'multi', maxItems: 1 });
  });

  it('starts from the defaults and returns them typed', () => {
    const values = initialValues(fields, schema);
    expect(values).toMatchObject({ name: 'John Doe', age: '30', verified: true, status: 'active', pet: '', hobbies: ['Guitar'] });
    expect(toContent(fields, { ...values, pet: 'dog-1' })).toEqual({
      ok: true,
      content: { name: 'John Doe', age: 30, verified: true, status: 'active', pet: 'dog-1', hobbies: ['Guitar'] },
    });
  });

  it('reports required, number, count and format problems per field', () => {
    const values = { ...initialValues(fields, schema), name: ' ', age: '1.5', hobbies: ['Guitar', 'Chess'], email: 'nope' };
    expect(toContent(fields, values)).toEqual({
      ok: false,
      errors: { name: 'Required', age: 'Enter a whole number', pet: 'Required', hobbies: 'Choose at most 1', email: 'Enter an email address' },
    });
  });
});
