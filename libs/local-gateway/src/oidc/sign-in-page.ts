import type { TestUser } from './test-users.ts';

/** Field name of the picked user's email in the sign-in form; tests post it too. */
export const PICKED_USER_FIELD = 'email';
/** Field name of the sign-in code cagw local printed in its terminal. */
export const SIGN_IN_CODE_FIELD = 'code';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The development sign-in page: the sign-in code from the terminal, then one button per test user. */
export function renderSignInPage(input: { action: string; clientName: string; users: readonly TestUser[]; wrongCode?: boolean }): string {
  const rows = input.users
    .map(
      (user) => `      <li>
        <button type="submit" name="${PICKED_USER_FIELD}" value="${escapeHtml(user.email)}"><strong>${escapeHtml(user.name)}</strong> &lt;${escapeHtml(user.email)}&gt;</button>
        <span class="groups">groups: ${user.groups.length ? user.groups.map(escapeHtml).join(', ') : '(none)'}</span>
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
    .error { color: #b00; }
    input { font-size: 1rem; font-family: monospace; }
  </style>
</head>
<body>
  <h1>Development sign-in</h1>
  <p>${escapeHtml(input.clientName)} asks who you are. This issuer runs on your machine for <code>cagw local</code>. Type the sign-in code that <code>cagw local</code> printed in its terminal, then pick a test user:</p>
  <form method="post" action="${escapeHtml(input.action)}">
    ${input.wrongCode ? '<p class="error">That sign-in code is wrong: copy it from the terminal that runs cagw local.</p>' : ''}
    <label>Sign-in code <input name="${SIGN_IN_CODE_FIELD}" autocomplete="off" autofocus required></label>
    <ul>
${rows}
    </ul>
  </form>
</body>
</html>
`;
}
