// A Cognito user pool as the directory of subjects: ListUsers with the filter `email = "<email>"`.
// ListUsers (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html):
// the filter has the form `AttributeName Filter-Type "AttributeValue"`, `=` is an exact match,
// email is one of the searchable standard attributes, and "quotation marks within the filter
// string must be escaped using the backslash (\) character"; a backslash is escaped first so an
// address cannot end the quoted value early. The answer's Attributes carry `sub`.
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ListUsersCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CagwError } from '@cagw/errors';
import type { Settings } from '@cagw/profile';
import { callAws } from '../orchestrate/aws-call.ts';
import type { UserDirectory } from './user-directory.ts';

/** The ListUsers filter that matches exactly this email. */
export function emailFilter(email: string): string {
  return `email = "${email.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function cognitoUserDirectory(client: CognitoIdentityProviderClient, poolId: string): UserDirectory {
  return {
    label: `Cognito pool ${poolId}`,
    async subOf(email) {
      const found = await callAws(`look up ${email} in Cognito pool ${poolId} (cognito-idp:ListUsers)`, () =>
        client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: emailFilter(email), AttributesToGet: ['sub', 'email'] })));
      const subs = [...new Set((found.Users ?? []).flatMap((user) => user.Attributes?.filter((a) => a.Name === 'sub').map((a) => a.Value as string) ?? []))];
      if (subs.length > 1) {
        throw new CagwError('UserEmailAmbiguous', `${subs.length} users of Cognito pool ${poolId} carry the email ${email}, so cagw cannot tell which one to cap`, {
          source: 'user',
          where: `CAPS_FILE users.${email}`,
          fix: 'keep one pool user per email (delete or change the other in the Cognito console), then run again',
        });
      }
      return subs[0];
    },
  };
}

/** The pool of a Cognito profile: COGNITO_POOL_ID, or the idp stack's UserPoolId output; undefined for byo. */
export async function cognitoPoolOf(settings: Pick<Settings, 'idpMode' | 'COGNITO_POOL_ID' | 'stackNames'>, cfn: CloudFormationClient): Promise<string | undefined> {
  if (settings.idpMode === 'byo') return undefined;
  if (settings.idpMode === 'existing-cognito') return settings.COGNITO_POOL_ID;
  const stack = settings.stackNames.idp;
  const described = await callAws(`read the outputs of stack ${stack}`, () => cfn.send(new DescribeStacksCommand({ StackName: stack })));
  const id = described.Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === 'UserPoolId')?.OutputValue;
  if (!id) {
    throw new CagwError('GatewayNotDeployed', `stack ${stack} has no UserPoolId output, so cagw cannot look users up in its Cognito pool`, {
      source: 'user',
      where: 'COGNITO_STACK',
      fix: 'deploy the profile (cagw deploy) so the idp stack exists, then run again',
    });
  }
  return id;
}
