import { expect, test } from 'vitest';
import { CagwError } from './cagw-error.ts';

test('a CagwError carries its code as its name, whose fault it is, where and the fix', () => {
  const cause = new Error('ENOENT');
  const e = new CagwError('ProfileNotFound', 'profile file not found', { source: 'user', where: 'profiles/x.env', fix: 'create it', cause });
  expect(e).toBeInstanceOf(Error);
  expect([e.name, e.code, e.message, e.source, e.where, e.fix, e.cause]).toEqual(['ProfileNotFound', 'ProfileNotFound', 'profile file not found', 'user', 'profiles/x.env', 'create it', cause]);
});

test('CagwError.is recognises the error by its brand, also from another copy of the package, and nothing else', () => {
  // what a second copy of @cagw/errors in node_modules would create: same registered symbol, other class
  const fromOtherCopy = Object.assign(new Error('x'), { [Symbol.for('@cagw/error')]: true, code: 'X' });
  expect(CagwError.is(fromOtherCopy)).toBe(true);
  expect(CagwError.is(new CagwError('X', 'x', { source: 'internal' }))).toBe(true);
  expect(CagwError.is(new Error('x'))).toBe(false);
  expect(CagwError.is(null)).toBe(false);
  expect(CagwError.is('ProfileNotFound')).toBe(false);
});
