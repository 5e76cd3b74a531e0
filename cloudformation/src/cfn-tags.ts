// The CloudFormation short-form tags (`!Ref`, `!GetAtt`, ...), registered with the yaml
// package so they parse without warnings. Each tag keeps its node as-is; parse-template.ts
// turns the tagged nodes into the long form (`{ "Fn::GetAtt": [...] }`) while it records lines.
import type { CollectionTag, ScalarTag } from 'yaml';

/** Short-form name → long-form key. `!Ref` and `!Condition` have no `Fn::` prefix. */
export const SHORT_FORM_KEYS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  ...Object.fromEntries(
    [
      'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue',
      'Join', 'Length', 'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform',
    ].map((name) => [name, `Fn::${name}`]),
  ),
};

// A tag may be written on a scalar, a sequence or a mapping (`!Sub 'x'`, `!Sub [x, {}]`), so
// each name is registered once per node kind.
export const cfnCustomTags: (ScalarTag | CollectionTag)[] = Object.keys(SHORT_FORM_KEYS).flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value } satisfies ScalarTag,
  { tag: `!${name}`, collection: 'seq', resolve: (seq) => seq } as CollectionTag,
  { tag: `!${name}`, collection: 'map', resolve: (map) => map } as CollectionTag,
]);
