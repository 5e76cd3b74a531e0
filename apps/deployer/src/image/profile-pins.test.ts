import { expect, test } from 'vitest';
import { profileValue, setProfileValue } from './profile-pins.ts';

const DIGEST = `sha256:${'b'.repeat(64)}`;

test('replaces the value in place, keeping export, indentation, the trailing comment and every other line', () => {
  const text = '# images\nexport BASE_DIGEST=sha256:old   # pinned in May\nOTHER=1\n';
  expect(setProfileValue(text, 'BASE_DIGEST', DIGEST, 'unused')).toBe(`# images\nexport BASE_DIGEST=${DIGEST}   # pinned in May\nOTHER=1\n`);
});

test('a quoted value is replaced too, and a variable set twice changes where it takes effect: the last line', () => {
  const text = 'BASE_DIGEST="sha256:first"\nBASE_DIGEST=\'sha256:second\'\n';
  expect(profileValue(text, 'BASE_DIGEST')).toBe('sha256:second');
  expect(setProfileValue(text, 'BASE_DIGEST', DIGEST, 'unused')).toBe(`BASE_DIGEST="sha256:first"\nBASE_DIGEST=${DIGEST}\n`);
});

test('a variable the profile lacks is appended with a note; a similar name is not touched', () => {
  const text = 'OLD_BASE_DIGEST=x\nBASE_DIGESTS=y';
  expect(profileValue(text, 'BASE_DIGEST')).toBeUndefined();
  expect(setProfileValue(text, 'BASE_DIGEST', DIGEST, 'pinned by cagw pin from debian:bookworm-slim')).toBe(`OLD_BASE_DIGEST=x\nBASE_DIGESTS=y\n# pinned by cagw pin from debian:bookworm-slim\nBASE_DIGEST=${DIGEST}\n`);
});
