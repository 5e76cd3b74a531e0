// RELEASE_KEY_FINGERPRINT swaps whose signature the gateway binary is trusted on (the image,
// cagw local, cagw validate): another signer than Anthropic's needs the fingerprint repeated in
// RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED, or the profile is refused with the fix.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ANTHROPIC_RELEASE_KEY_FINGERPRINT } from './profile-rules.ts';
import { loadWith } from './test-support.ts';

const OTHER = '0123456789ABCDEF0123456789ABCDEF01234567';
const releaseProblems = (values: Record<string, string | undefined>) =>
  loadWith(values).problems.filter((p) => p.variable.startsWith('RELEASE_KEY_FINGERPRINT'));

test("Anthropic's fingerprint, or none, needs no acknowledgement", () => {
  expect(releaseProblems({})).toEqual([]);
  expect(releaseProblems({ RELEASE_KEY_FINGERPRINT: ANTHROPIC_RELEASE_KEY_FINGERPRINT.toLowerCase() })).toEqual([]);
});

test('another fingerprint alone is refused, naming the variable that acknowledges it and the fingerprint', () => {
  const [problem, ...rest] = releaseProblems({ RELEASE_KEY_FINGERPRINT: OTHER });
  expect(rest).toEqual([]);
  expect(problem?.variable).toBe('RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED');
  expect(problem?.message).toBe(`is required with RELEASE_KEY_FINGERPRINT=${OTHER}, which trusts another signer than Anthropic's release key for the gateway binary`);
  expect(problem?.fix).toContain(`set RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED=${OTHER}`);
});

test('an acknowledgement of a different fingerprint is refused; the same one (any case) passes', () => {
  const [problem] = releaseProblems({ RELEASE_KEY_FINGERPRINT: OTHER, RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED: ANTHROPIC_RELEASE_KEY_FINGERPRINT });
  expect(problem?.variable).toBe('RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED');
  expect(problem?.message).toBe(`acknowledges ${ANTHROPIC_RELEASE_KEY_FINGERPRINT}, but RELEASE_KEY_FINGERPRINT trusts ${OTHER}`);
  expect(releaseProblems({ RELEASE_KEY_FINGERPRINT: OTHER, RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED: OTHER.toLowerCase() })).toEqual([]);
});

test("the official fingerprint is the Dockerfile's default, the one the image build trusts", () => {
  const dockerfile = readFileSync(new URL('../../../docker/Dockerfile', import.meta.url), 'utf8');
  expect(dockerfile).toContain(`ARG RELEASE_KEY_FINGERPRINT=${ANTHROPIC_RELEASE_KEY_FINGERPRINT}\n`);
});
