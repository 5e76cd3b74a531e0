import type { TestUser } from './test-users.ts';

/** Field name of the picked user's email in the sign-in form; tests post it too. */
export const PICKED_USER_FIELD = 'email';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The development sign-in page: one button per test user, no password. */
export function renderSignInPage(input: { action: string; clientName: string; users: readonly TestUser[] }): string {
  const rows = input.users
    .map(
      (user) => `      <li>
        <form method="post" action="${escapeHtml(input.action)}">
          <input type="hidden" name="${PICKED_USER_FIELD}" value="${escapeHtml(user.email)}">
          <button type="submit"><strong>${escapeHtml(user.name)}</strong> &lt;${escapeHtml(user.email)}&gt;</button>
          <span class="groups">groups: ${user.groups.length ? user.groups.map(escapeHtml).join(', ') : '(none)'}</span>
        </form>
      </li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>cagw local: pick a test user</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; }
    ul { list-style: none; padding: 0; }
    li { margin: 0.5rem 0; }
    button { font-size: 1rem; padding: 0.4rem 0.8rem; cursor: pointer; }
    .groups { color: #555; margin-left: 0.5rem; }
  </style>
</head>
<body>
  <h1>Development sign-in</h1>
  <p>${escapeHtml(input.clientName)} asks who you are. This issuer runs on your machine for <code>cagw local</code>; there are no passwords. Pick a test user:</p>
  <ul>
${rows}
  </ul>
</body>
</html>
`;
}
