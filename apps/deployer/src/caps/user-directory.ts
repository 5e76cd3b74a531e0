// Where cagw looks up a user's OIDC subject by email when the gateway has not seen them yet, so
// their own cap holds before their first request: the Cognito pool cagw manages or is given
// (cognito-user-directory.ts), or under cagw local the development issuer's users, whose subject
// is their email (libs/local-gateway/src/oidc/dev-issuer.ts, findAccount).
import type { TestUser } from '@cagw/local-gateway';

export interface UserDirectory {
  /** for messages: "Cognito pool eu-west-1_x", "the cagw local issuer" */
  readonly label: string;
  /** the subject the IdP signs this email in as; undefined when it has no such user */
  subOf(email: string): Promise<string | undefined>;
}

export function localUserDirectory(users: readonly TestUser[]): UserDirectory {
  const emails = new Set(users.map((user) => user.email.toLowerCase()));
  return {
    label: 'the cagw local issuer',
    async subOf(email) {
      return emails.has(email.toLowerCase()) ? email.toLowerCase() : undefined;
    },
  };
}
