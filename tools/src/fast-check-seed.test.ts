import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { fastCheckSeed, randomSeed, seedOf } from '../fast-check-seed.mjs';

const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

test('a commit always hashes to the same 32-bit seed, and two commits to different ones', () => {
  expect(seedOf(head)).toBe(seedOf(head));
  expect(seedOf(head) | 0).toBe(seedOf(head));
  expect(seedOf('0'.repeat(40))).not.toBe(seedOf('1'.repeat(40)));
});

test('without FC_SEED the seed is the current commit’s', () => {
  expect(fastCheckSeed({})).toEqual({ seed: seedOf(head), from: `commit ${head.slice(0, 12)}` });
});

test('FC_SEED gives the seed, negative ones included, as a failure prints them', () => {
  expect(fastCheckSeed({ FC_SEED: '42' })).toEqual({ seed: 42, from: 'FC_SEED' });
  expect(fastCheckSeed({ FC_SEED: '-1937288450' })).toEqual({ seed: -1937288450, from: 'FC_SEED' });
});

test.each(['abc', '1.5', '4294967296', '12abc'])('FC_SEED=%s is refused, naming the variable', (value) => {
  expect(() => fastCheckSeed({ FC_SEED: value })).toThrow(`FC_SEED "${value}" is not a fast-check seed`);
});

test('an exploring seed is a 32-bit integer', () => {
  const seed = randomSeed();
  expect(seed | 0).toBe(seed);
});

test('this very run has fast-check configured with the seed vitest.shared.ts worked out', () => {
  expect(process.env.FC_SEED).toMatch(/^-?\d+$/);
  expect(fc.readConfigureGlobal().seed).toBe(Number(process.env.FC_SEED));
});
