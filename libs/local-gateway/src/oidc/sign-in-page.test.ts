import { expect, test } from 'vitest';
import { renderSignInPage } from './sign-in-page.ts';
import { newSignInCode, signInCodeMatches } from './sign-in-code.ts';

test('the page asks for the sign-in code, offers one button per user and escapes what it shows', () => {
  const html = renderSignInPage({
    action: '/interaction/abc',
    clientName: 'gw',
    users: [
      { email: 'a@example.com', name: '<script>x</script>', groups: ['eng'] },
      { email: 'b@example.com', name: 'Bee', groups: [] },
    ],
  });
  expect(html.match(/<form method="post" action="\/interaction\/abc">/g)).toHaveLength(1);
  expect(html).toMatch(/<input name="code"[^>]* required>/);
  expect(html.match(/<button type="submit" name="email"/g)).toHaveLength(2);
  expect(html).toContain('value="a@example.com"');
  expect(html).not.toContain('<script>x');
  expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  expect(html).toContain('groups: (none)');
  expect(html).not.toContain('is wrong');
  expect(renderSignInPage({ action: '/interaction/abc', clientName: 'gw', users: [], wrongCode: true })).toContain('sign-in code is wrong');
});

test('sign-in codes are fresh, readable, and compared without regard to case, spaces or dashes', () => {
  const codes = new Set(Array.from({ length: 50 }, () => newSignInCode()));
  expect(codes.size).toBe(50);
  for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  expect(signInCodeMatches('K7QM-ZP3X-W9RD', 'k7qm zp3x w9rd')).toBe(true);
  expect(signInCodeMatches('K7QM-ZP3X-W9RD', 'K7QMZP3XW9RD')).toBe(true);
  expect(signInCodeMatches('K7QM-ZP3X-W9RD', 'K7QM-ZP3X-W9RE')).toBe(false);
  expect(signInCodeMatches('K7QM-ZP3X-W9RD', '')).toBe(false);
  expect(signInCodeMatches('K7QM-ZP3X-W9RD', null)).toBe(false);
});
