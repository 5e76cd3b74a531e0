// TAGS against AWS's tag rules, written from the AWS pages (Tagging: "Tag naming limits and
// requirements"; CloudFormation API reference, Tag), not from the parser.
import { describe, expect, test } from 'vitest';
import { stackTags } from './stack-tags.ts';

const refusal = (raw: string): string => {
  const r = stackTags.parse(raw);
  if (r.ok) throw new Error(`expected ${raw} to be refused`);
  return `${r.message} | ${r.fix}`;
};

describe('TAGS', () => {
  test('pairs become tags; spaces around them are dropped; an empty value is no tags', () => {
    expect(stackTags.parse(' team = platform , cost-center=1234,owner=ana@example.com ')).toEqual({ ok: true, value: { team: 'platform', 'cost-center': '1234', owner: 'ana@example.com' } });
    expect(stackTags.parse('')).toEqual({ ok: true, value: {} });
  });

  test('keys and values of any Unicode letters, numbers and spaces, and _ . : / = + - @, are taken', () => {
    expect(stackTags.parse('Kostenstelle=Zürich Süd,部門=開発,app:tier=a/b=c+d-e_f.g@h')).toEqual({ ok: true, value: { Kostenstelle: 'Zürich Süd', 部門: '開発', 'app:tier': 'a/b=c+d-e_f.g@h' } });
  });

  test('128-character keys and 256-character values are the limits, counted in characters', () => {
    const key = '𝒜'.repeat(128); // 128 characters, 256 UTF-16 units, 512 UTF-8 bytes
    expect(stackTags.parse(`${key}=${'ü'.repeat(256)}`).ok).toBe(true);
    expect(refusal(`${key}k=v`)).toMatch(/pair ".*" has a key of 129 characters, over AWS's 128; shorten the key/);
    expect(refusal(`k=${'v'.repeat(257)}`)).toMatch(/has a value of 257 characters, over AWS's 256; shorten the value/);
  });

  test('a key starting with aws:, in any case, is refused as AWS reserves it', () => {
    expect(refusal('aws:team=a')).toMatch(/pair "aws:team=a" has a key starting with aws:, which AWS reserves/);
    expect(refusal('AWS:team=a')).toMatch(/pair "AWS:team=a" has a key starting with aws:/);
    expect(stackTags.parse('awsteam=a,team=aws:a').ok).toBe(true);
  });

  test('characters outside the allowed set are named', () => {
    expect(refusal('team=platform#1')).toMatch(/pair "team=platform#1" has a value with "#", outside what AWS allows/);
    expect(refusal('cost*center=1')).toMatch(/has a key with "\*"/);
  });

  test('an empty key or value, a pair without =, a repeated key and cagw\'s own keys are refused', () => {
    expect(refusal('=x')).toMatch(/pair "=x" has no key/);
    expect(refusal('team=')).toMatch(/pair "team=" has an empty value, which CloudFormation refuses on a stack tag/);
    expect(refusal('team')).toMatch(/pair "team" has no "="/);
    expect(refusal('team=a,team=b')).toMatch(/pair "team=b" repeats the key team/);
    expect(stackTags.parse('team=a,Team=b').ok).toBe(true);
    expect(refusal('project=x')).toMatch(/sets project, a tag cagw puts on every stack itself/);
    expect(refusal('a=1,,b=2')).toMatch(/empty pair/);
  });

  test('at most 47 pairs: AWS allows 50 tags on a resource and cagw sets 3', () => {
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(',');
    expect(stackTags.parse(pairs(47)).ok).toBe(true);
    expect(refusal(pairs(48))).toMatch(/has 48 pairs, over the 47 a stack can take besides cagw's own 3/);
  });

  test('every broken pair is named at once, with the fix', () => {
    const text = refusal('aws:x=1,ok=1,bad=#');
    expect(text).toMatch(/pair "aws:x=1" .*; pair "bad=#" /);
    expect(text).toMatch(/\| correct the pairs named, e\.g\. TAGS=team=platform,cost-center=1234$/);
  });
});
