// The connector form's data rules: what a new form starts with, what is sent, what is refused before
// sending, and where the server's complaints land.
import { describe, expect, it } from 'vitest';
import type { FormItem } from '@signet/schemas';
import { formatProblems, initialDraft, placeIssues, readDraft } from './form-model.ts';

const example = JSON.stringify([{ usageType: 'Generic', subject: 'Code', content: '{{code}}' }]);

const items: FormItem[] = [
  { key: 'accessKeyId', label: 'AccessKey ID', type: 'Text', required: true },
  { key: 'accessKeySecret', label: 'AccessKey Secret', type: 'Text', required: true, isConfidential: true },
  { key: 'fromAlias', label: 'Email Tag', type: 'Text', required: false },
  { key: 'regionId', label: 'Region', type: 'Select', required: false, defaultValue: 'cn-hangzhou', selectItems: [{ value: 'cn-hangzhou', title: 'Hangzhou' }, { value: 'us-east-1', title: 'Virginia' }] },
  { key: 'port', label: 'Port', type: 'Number', required: false },
  { key: 'secure', label: 'TLS', type: 'Switch', required: false, defaultValue: true },
  { key: 'scopes', label: 'Scopes', type: 'MultiSelect', required: false, selectItems: [{ value: 'a', title: 'A' }, { value: 'b', title: 'B' }] },
  { key: 'templates', label: 'Templates', type: 'Json', required: true, placeholder: example },
  { key: 'extra', label: 'Extra', type: 'Json', required: false, placeholder: '{"a":1}' },
];

describe('initialDraft', () => {
  it('starts a new connector from the defaults, with required JSON fields holding the example', () => {
    const draft = initialDraft(items);
    expect(draft).toEqual({
      accessKeyId: '',
      accessKeySecret: '',
      fromAlias: '',
      regionId: 'cn-hangzhou',
      port: '',
      secure: true,
      scopes: [],
      templates: JSON.stringify(JSON.parse(example), null, 2),
      extra: '',
    });
  });

  it('shows a saved config as it is, masks included and JSON pretty-printed', () => {
    const draft = initialDraft(items, { accessKeyId: 'LTAI', accessKeySecret: '********', regionId: 'us-east-1', port: 465, secure: false, scopes: ['b'], templates: [{ usageType: 'Generic' }] });
    expect(draft.accessKeySecret).toBe('********');
    expect(draft.port).toBe('465');
    expect(draft.secure).toBe(false);
    expect(draft.scopes).toEqual(['b']);
    expect(draft.templates).toBe('[\n  {\n    "usageType": "Generic"\n  }\n]');
    // A saved config without the optional JSON field does not get the example.
    expect(draft.extra).toBe('');
  });
});

describe('readDraft', () => {
  it('sends typed values, leaves blank optional fields out and parses JSON and numbers', () => {
    const draft = { ...initialDraft(items), accessKeyId: 'LTAI', accessKeySecret: 's3cret', port: ' 587 ', scopes: ['a'] };
    const { config, problems } = readDraft(items, draft);
    expect(problems).toEqual({});
    expect(config).toEqual({
      accessKeyId: 'LTAI',
      accessKeySecret: 's3cret',
      regionId: 'cn-hangzhou',
      port: 587,
      secure: true,
      scopes: ['a'],
      templates: JSON.parse(example),
    });
  });

  it('names missing required fields, unreadable JSON and numbers', () => {
    const draft = { ...initialDraft(items), templates: '[{"usageType": "Generic",}]', port: '12a' };
    const { problems } = readDraft(items, draft);
    expect(problems.accessKeyId).toEqual({ kind: 'required' });
    expect(problems.accessKeySecret).toEqual({ kind: 'required' });
    expect(problems.port).toEqual({ kind: 'number' });
    expect(problems.templates?.kind).toBe('json');
    expect(problems.templates).toHaveProperty('detail', expect.stringMatching(/JSON|token|property/i));
    // While typing, only what cannot be read is shown; "required" waits for a save or a test.
    expect(Object.keys(formatProblems(problems)).sort()).toEqual(['port', 'templates']);
  });
});

describe('placeIssues', () => {
  it('puts config, metadata and test issues next to their fields and keeps the rest for the form', () => {
    const placed = placeIssues(
      {
        accessKeySecret: 'is required',
        'templates.2.content': 'is required',
        'config.regionId': 'Invalid option',
        'metadata.name.en': 'too long',
        email: 'is not an email address',
        '(config)': 'needs one of A or B',
        unknownKey: 'nope',
      },
      [...items.map((item) => item.key), 'metadata.name', 'email'],
    );
    expect(placed.byField).toEqual({
      accessKeySecret: 'is required',
      templates: '2.content: is required',
      regionId: 'Invalid option',
      'metadata.name': 'en: too long',
      email: 'is not an email address',
    });
    expect(placed.rest).toEqual(['needs one of A or B', 'unknownKey: nope']);
  });
});
