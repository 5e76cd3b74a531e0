import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CagwError } from '@cagw/errors';
import { encodeUserinfo } from './encode-userinfo.ts';

// An independent oracle: encodeURIComponent encodes UTF-8 bytes with uppercase hex too, but
// leaves ! ' ( ) * alone, which RFC 3986 userinfo encoding must not.
const oracle = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

describe('encodeUserinfo', () => {
  test('encodes every URL-structural character an RDS password may hold', () => {
    expect(encodeUserinfo('p#w%d&x@y/z?q:r s+t')).toBe('p%23w%25d%26x%40y%2Fz%3Fq%3Ar%20s%2Bt');
  });

  test('leaves exactly the RFC 3986 unreserved set as it is', () => {
    expect(encodeUserinfo('AZaz09-._~')).toBe('AZaz09-._~');
    expect(encodeUserinfo("!*'()$,;=[]")).toBe('%21%2A%27%28%29%24%2C%3B%3D%5B%5D');
  });

  test('encodes multi-byte characters as their UTF-8 bytes, not their code points', () => {
    expect(encodeUserinfo('é')).toBe('%C3%A9');
    expect(encodeUserinfo('€')).toBe('%E2%82%AC');
    expect(encodeUserinfo('😀')).toBe('%F0%9F%98%80');
  });

  test('encodes control characters and the empty string', () => {
    expect(encodeUserinfo('\u0000\n\u007f')).toBe('%00%0A%7F');
    expect(encodeUserinfo('')).toBe('');
  });

  test('refuses a lone surrogate, which has no UTF-8 form, without showing the value', () => {
    const error = (() => {
      try {
        encodeUserinfo('pw\uD800');
      } catch (e) {
        return e;
      }
    })();
    expect(CagwError.is(error) && error.code).toBe('UrlPartNotEncodable');
    expect((error as Error).message).not.toContain('pw');
  });

  test.prop([fc.string({ unit: 'grapheme' })])('agrees with the encodeURIComponent oracle and decodes back', (s) => {
    const encoded = encodeUserinfo(s);
    expect(encoded).toBe(oracle(s));
    expect(encoded).toMatch(/^[A-Za-z0-9\-._~%]*$/);
    expect(decodeURIComponent(encoded)).toBe(s);
  });
});
