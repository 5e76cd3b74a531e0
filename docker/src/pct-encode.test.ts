// pct_encode (bash, in the image) and encodeUserinfo (@cagw/dsn, in the deployer) must encode
// every string to the same bytes, whatever locale the bash runs under.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { encodeUserinfo } from '@cagw/dsn';
import { runBash } from './test-support/run-bash.ts';

// Each input is NUL-terminated on stdin; each encoding comes back on its own line.
const ENCODE_EACH = `source ./pct-encode.sh; while IFS= read -r -d '' s; do pct_encode "$s"; printf '\\n'; done`;
const LOCALES = ['C', 'POSIX', 'C.UTF-8'];

function pctEncodeAll(inputs: readonly string[], locale: string): string[] {
  const result = runBash(ENCODE_EACH, { env: { LC_ALL: locale }, input: inputs.map((s) => `${s}\0`).join('') });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.split('\n').slice(0, -1);
}

// Bash strings end at NUL (so do environment variables and Postgres passwords); lone
// surrogates have no UTF-8 form. Everything else is fair game.
const bashable = (s: string) => !s.includes('\0') && !/\p{Cs}/u.test(s);
const ascii = fc.string({ unit: fc.integer({ min: 1, max: 127 }).map((c) => String.fromCharCode(c)) });
const anyText = fc.oneof(ascii, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })).filter(bashable);

describe('pct_encode', () => {
  test.each(LOCALES)('encodes every ASCII character, multi-byte UTF-8 and the empty string like encodeUserinfo under LC_ALL=%s', (locale) => {
    const allAscii = Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).join('');
    const samples = [allAscii, '', 'é', '€', '😀', 'p#w%d&x@y/z?q:r s+t', 'пароль密码🔑', '\u0001\u007f'];
    expect(pctEncodeAll(samples, locale)).toEqual(samples.map(encodeUserinfo));
  });

  test.prop([fc.array(anyText, { minLength: 1, maxLength: 25 }), fc.constantFrom(...LOCALES)], { numRuns: 60 })(
    'agrees with encodeUserinfo byte for byte on arbitrary strings',
    (inputs, locale) => {
      expect(pctEncodeAll(inputs, locale)).toEqual(inputs.map(encodeUserinfo));
    },
  );

  test('leaves the caller\'s locale as it was', () => {
    const result = runBash('source ./pct-encode.sh; pct_encode "é" >/dev/null; printf %s "${LC_ALL}"', { env: { LC_ALL: 'C.UTF-8' } });
    expect(result.stdout).toBe('C.UTF-8');
  });
});
