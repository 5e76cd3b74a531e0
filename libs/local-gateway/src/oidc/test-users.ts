import { CagwError } from '@cagw/errors';

/** A person who can sign in at the development issuer. */
export interface TestUser {
  email: string;
  name: string;
  groups: string[];
}

/** Three people with different policies: what `cagw local` offers when no users file is given. */
export const DEFAULT_TEST_USERS: readonly TestUser[] = [
  { email: 'alice@example.com', name: 'Alice Engineer', groups: ['engineering'] },
  { email: 'bob@example.com', name: 'Bob Contractor', groups: ['contractors'] },
  { email: 'fiona@example.com', name: 'Fiona Finance', groups: ['finance-admins'] },
];

/**
 * The default users, moved into the config's first `oidc.allowed_email_domains` entry when it
 * has one, so they can sign in to a gateway restricted to the company domain.
 */
export function defaultTestUsersFor(allowedEmailDomains: unknown): TestUser[] {
  const domain = Array.isArray(allowedEmailDomains) && typeof allowedEmailDomains[0] === 'string' ? allowedEmailDomains[0].toLowerCase() : undefined;
  return DEFAULT_TEST_USERS.map((user) => ({ ...user, email: domain ? user.email.replace(/@.*$/, `@${domain}`) : user.email, groups: [...user.groups] }));
}

/** Checks a list of test users: each has an email, and no email appears twice. */
export function checkTestUsers(users: readonly TestUser[], where: string): TestUser[] {
  if (users.length === 0) {
    throw new CagwError('TestUsersEmpty', 'the list of test users is empty', { source: 'user', where, fix: 'list at least one user with email, name and groups' });
  }
  const seen = new Set<string>();
  return users.map((user, index) => {
    const email = user.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw new CagwError('TestUserInvalid', `test user ${index + 1} has no valid email ("${user.email}")`, { source: 'user', where, fix: 'give every user an email like name@example.com' });
    }
    if (seen.has(email)) {
      throw new CagwError('TestUserInvalid', `test user "${email}" appears twice`, { source: 'user', where, fix: 'keep one entry per email' });
    }
    seen.add(email);
    return { email, name: user.name || email, groups: [...user.groups] };
  });
}
