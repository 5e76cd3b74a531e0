import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parse } from 'yaml';
import { yamlFlowList, yamlScalar } from './yaml-scalar.ts';

const anyText = fc.string({ unit: 'binary', maxLength: 40 });

describe('yamlScalar', () => {
  test.prop([anyText])('any string reads back unchanged as a block value, a key and a flow list entry', (value) => {
    const scalar = yamlScalar(value);
    expect(scalar).not.toMatch(/[\n\r]/);
    expect(parse(`k: ${scalar}\n`).k).toBe(value);
    expect(parse(`${scalar}: 1\n`)).toEqual({ [value]: 1 });
    expect(parse(`k: { a: ${scalar} }\n`).k.a).toBe(value);
    expect(parse(`k: ${yamlFlowList([value, 'after'])}\n`).k).toEqual([value, 'after']);
  });

  test.prop([anyText])('a scalar inside a comment line stays a comment', (value) => {
    expect(parse(`# ${yamlScalar(value)}\nk: 1\n`)).toEqual({ k: 1 });
  });

  test.each(['yes', 'No', 'on', 'OFF', 'y', 'null', '~', '1e3', '0x1F', '1:20', '2001-01-01', '.inf', 'true', '12', 'a:'])(
    '"%s", which some YAML reader would take for a non-string, is quoted',
    (value) => {
      expect(yamlScalar(value)).toBe(JSON.stringify(value));
      expect(parse(`k: ${yamlScalar(value)}`, { version: '1.1' }).k).toBe(value);
    },
  );

  test.each([
    ['claude-opus-5-5', 'claude-opus-5-5'],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
    ['cognito:groups', 'cognito:groups'],
    ['Ask FinOps & Platform', '"Ask FinOps & Platform"'],
    ['https://x/claims#groups', '"https://x/claims#groups"'],
    ['a, b]', '"a, b]"'],
    ['say "hi" \\o/', '"say \\"hi\\" \\\\o/"'],
    ['del\u007f nel\u0085 ls\u2028', '"del\\u007f nel\\u0085 ls\\u2028"'],
  ])('%j renders as %s', (value, expected) => {
    expect(yamlScalar(value)).toBe(expected);
  });

  test('numbers and booleans render bare; non-finite numbers are refused', () => {
    expect(yamlScalar(8080)).toBe('8080');
    expect(yamlScalar(false)).toBe('false');
    expect(() => yamlScalar(Number.NaN)).toThrow(/NaN/);
  });
});
