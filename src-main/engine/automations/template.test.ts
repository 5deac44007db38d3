import { describe, expect, it } from 'vitest';
import { KNOWN_VARIABLES, TEMPLATE_BODY_LIMIT, fireVariables, renderInput, templateVariables, unknownVariables } from './template';

describe('renderInput', () => {
  it('replaces variables with or without spaces, dotted names included', () => {
    const out = renderInput('Summarise {{trigger.file}} ({{ trigger.event }}) at {{now}} for {{  automation.name  }}.', {
      'trigger.file': '/in/a.pdf',
      'trigger.event': 'add',
      now: '2026-12-03T09:00:00.000Z',
      'automation.name': 'Digest',
    });
    expect(out).toBe('Summarise /in/a.pdf (add) at 2026-12-03T09:00:00.000Z for Digest.');
  });

  it('renders a known variable without a value as empty and keeps an unknown one as written', () => {
    expect(renderInput('[{{trigger.file}}] [{{trigger.fiel}}] [{{ nope }}]', { 'trigger.file': undefined })).toBe('[] [{{trigger.fiel}}] [{{ nope }}]');
    // Known (listed) but not passed at all: empty as well.
    expect(renderInput('body: {{trigger.body}}.', {})).toBe('body: .');
    // Not listed but passed: replaced.
    expect(renderInput('{{custom.thing}}', { 'custom.thing': 'x' })).toBe('x');
  });

  it('inserts values literally, once, without expanding them again or reading $ patterns', () => {
    const out = renderInput('got: {{trigger.body}}', { 'trigger.body': "{{now}} $& $' $1", now: 'NOW' });
    expect(out).toBe("got: {{now}} $& $' $1");
  });

  it('leaves text that only looks like a variable', () => {
    expect(renderInput('{{}} {{ 1abc }} {{a..b}} {single} {{trigger.file', { 'trigger.file': 'f' })).toBe('{{}} {{ 1abc }} {{a..b}} {single} {{trigger.file');
  });

  it('cuts trigger.body at the limit and says how much was cut', () => {
    const body = 'x'.repeat(TEMPLATE_BODY_LIMIT + 500);
    const out = renderInput('{{trigger.body}}', { 'trigger.body': body });
    expect(out.startsWith('x'.repeat(TEMPLATE_BODY_LIMIT) + '\n[… 500 more characters cut]')).toBe(true);
    expect(out.length).toBeLessThan(TEMPLATE_BODY_LIMIT + 100);
    // Other variables are not cut.
    expect(renderInput('{{trigger.after.output}}', { 'trigger.after.output': body })).toBe(body);
  });
});

describe('templateVariables', () => {
  it('lists each used name once in order', () => {
    expect(templateVariables('{{ b }} {{a.c}} {{b}} {{now}}')).toEqual(['b', 'a.c', 'now']);
    expect(templateVariables('no variables')).toEqual([]);
  });
  it('points at the unknown ones', () => {
    expect(unknownVariables('{{trigger.file}} {{trigger.flie}} {{now}}')).toEqual(['trigger.flie']);
  });
});

describe('KNOWN_VARIABLES and fireVariables', () => {
  it('describes every variable fireVariables fills', () => {
    const vars = fireVariables({
      now: new Date('2026-12-03T23:30:00Z'),
      automationName: 'Digest',
      trigger: { kind: 'cron', scheduledFor: new Date('2026-12-03T23:30:00Z') },
      timeZone: 'Europe/Berlin',
    });
    expect(Object.keys(vars).sort()).toEqual(KNOWN_VARIABLES.map((v) => v.name).sort());
    for (const v of KNOWN_VARIABLES) expect(v.description.length).toBeGreaterThan(10);
    expect(vars).toMatchObject({ now: '2026-12-03T23:30:00.000Z', date: '2026-12-04', 'trigger.kind': 'cron', 'trigger.scheduledFor': '2026-12-03T23:30:00.000Z' });
    expect(renderInput('{{date}} {{trigger.file}}|', vars)).toBe('2026-12-04 |');
  });
});
