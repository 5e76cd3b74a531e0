// Round trip: any tree of values and intrinsic functions, written with the short-form tags
// by the yaml package's own emitter, parses back to exactly the long form.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { Document, type Node } from 'yaml';
import { cfnCustomTags } from './cfn-tags.ts';
import { parseTemplate } from './parse-template.ts';

/** A value as the YAML builder should write it, and the long form the parser must return. */
interface Case {
  build: (doc: Document) => unknown;
  long: unknown;
}

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/);
const tagged = (tag: string, build: (doc: Document) => unknown) => (doc: Document): Node => {
  const node = doc.createNode(build(doc)) as Node;
  node.tag = `!${tag}`;
  return node;
};
const leaf: fc.Arbitrary<Case> = fc.oneof(fc.string(), fc.integer(), fc.boolean()).map((v) => ({ build: () => v, long: v }));

const { value } = fc.letrec<{ value: Case }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    name.map((n) => ({ build: tagged('Ref', () => n), long: { Ref: n } })),
    fc.tuple(name, fc.array(name, { minLength: 1, maxLength: 3 })).map(([resource, parts]) => ({
      build: tagged('GetAtt', () => `${resource}.${parts.join('.')}`), long: { 'Fn::GetAtt': [resource, parts.join('.')] },
    })),
    fc.string().map((s) => ({ build: tagged('Sub', () => s), long: { 'Fn::Sub': s } })),
    fc.tuple(fc.constantFrom('If', 'Join', 'Select', 'Split', 'Equals', 'Not', 'And', 'Or', 'FindInMap', 'Cidr'), fc.array(tie('value'), { maxLength: 3 }))
      .map(([fn, args]) => ({ build: tagged(fn, (doc) => args.map((a) => a.build(doc))), long: { [`Fn::${fn}`]: args.map((a) => a.long) } })),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => ({ build: (doc: Document) => items.map((i) => i.build(doc)), long: items.map((i) => i.long) })),
    fc.dictionary(name, tie('value'), { maxKeys: 3 }).map((entries) => ({
      build: (doc: Document) => Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.build(doc)])),
      long: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.long])),
    })),
  ),
}));

test.prop([fc.dictionary(name, value, { minKeys: 1, maxKeys: 4 })])('short forms parse back to their long forms', (entries) => {
  const doc = new Document({}, { customTags: cfnCustomTags });
  for (const [key, v] of Object.entries(entries)) doc.set(key, doc.createNode(v.build(doc)));
  const parsed = parseTemplate(String(doc), 'p.yaml');
  expect(parsed.syntaxErrors).toEqual([]);
  expect(parsed.body).toEqual(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.long])));
});
