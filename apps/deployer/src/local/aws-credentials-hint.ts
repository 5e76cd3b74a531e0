// Whether the AWS credential chain the gateway will use (auth: {}) seems to have anything to
// find. Only a hint for a warning: instance roles and SSO caches are not looked for.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'];

export function seemsToHaveAwsCredentials(env: Readonly<Record<string, string | undefined>>, exists: (path: string) => boolean = existsSync): boolean {
  if (CREDENTIAL_VARIABLES.some((name) => env[name])) return true;
  const home = env.HOME ?? env.USERPROFILE;
  return home !== undefined && (exists(join(home, '.aws', 'credentials')) || exists(join(home, '.aws', 'config')));
}
