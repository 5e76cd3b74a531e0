import { expect, test } from 'vitest';
import { renderSignInPage } from './sign-in-page.ts';

test('the page offers one form per user and escapes what it shows', () => {
  const html = renderSignInPage({
    action: '/interaction/abc',
    clientName: 'gw',
    users: [
      { email: 'a@example.com', name: '<script>x</script>', groups: ['eng'] },
      { email: 'b@example.com', name: 'Bee', groups: [] },
    ],
  });
  expect(html.match(/<form method="post" action="\/interaction\/abc">/g)).toHaveLength(2);
  expect(html).toContain('value="a@example.com"');
  expect(html).not.toContain('<script>x');
  expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  expect(html).toContain('groups: (none)');
});
