// A text over one parameter value goes to its template in parts: cut between characters, each
// within 4,096 UTF-8 bytes, as many as the template declares, joined back in order.
import { fc, test as property } from '@fast-check/vitest';
import { expect, test } from 'vitest';
import { cutIntoParts, declaredParts, parameterParts } from './parameter-parts.ts';

const TEMPLATE = `Parameters:
  Config:
    Type: String
  ConfigPart2:
    Type: String
  ConfigPart3:
    Type: String
  Other:
    Type: String
`;

test('the parts are the ones the template declares, in order; a template without parts takes the whole', () => {
  expect(declaredParts('Config', TEMPLATE)).toEqual(['Config', 'ConfigPart2', 'ConfigPart3']);
  expect(declaredParts('Other', TEMPLATE)).toEqual(['Other']);
  expect(Object.keys(parameterParts('Other', 'abc', TEMPLATE))).toEqual(['Other']);
});

property.prop([fc.string({ unit: 'binary', maxLength: 12_000 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 4, max: 4096 })])(
  'joined, the parts are the text; each within the limit unless the last holds what no part had room for',
  (text, count, limit) => {
    const parts = cutIntoParts(text, count, limit);
    expect(parts).toHaveLength(count);
    expect(parts.join('')).toBe(text);
    for (const part of parts.slice(0, -1)) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(limit);
    if (Buffer.byteLength(text, 'utf8') <= limit * count - 3 * (count - 1)) expect(Buffer.byteLength(parts.at(-1) ?? '', 'utf8')).toBeLessThanOrEqual(limit);
  },
);

test('a character is never cut: a four-byte one that does not fit starts the next part', () => {
  const parts = cutIntoParts(`${'a'.repeat(4094)}😀b`, 2);
  expect(parts.map((p) => Buffer.byteLength(p, 'utf8'))).toEqual([4094, 5]);
});

test('each part is shown by its size and the whole by size and hash; the unused parts are empty', () => {
  const shown = parameterParts('Config', 'x'.repeat(5000), TEMPLATE);
  expect(Object.values(shown).map((s) => (s.kind === 'value' ? s.value.length : -1))).toEqual([4096, 904, 0]);
  expect(Object.values(shown).map((s) => (s.kind === 'value' ? s.shown : ''))[1]).toMatch(/^<904 bytes, part 2 of 3 of 5000 bytes, sha256 [0-9a-f]{12}>$/);
});
