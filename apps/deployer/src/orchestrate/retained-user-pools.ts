// What became of the Cognito user pool a destroy kept. The new-Cognito stack keeps its pool on
// delete (DeletionPolicy: Retain, with its users and groups), and Cognito lets two pools share a
// name, so a deploy after a destroy quietly makes a second, empty `<idp stack>-pool`. Before that
// deploy creates the stack, cagw finds the pools it left and says which one the gateway will use.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html
import { ListUserPoolsCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { callAws } from './aws-call.ts';

export interface RetainedUserPool {
  id: string;
  name: string;
  createdAt: Date | undefined;
}

/** The name the idp-cognito-new template gives its pool (UserPoolName: ${AWS::StackName}-pool). */
export const userPoolNameOf = (idpStackName: string): string => `${idpStackName}-pool`;

/** Pools named as this deployment's, left by an earlier one; call only when the idp stack does not exist. */
export async function retainedUserPools(cognito: CognitoIdentityProviderClient, idpStackName: string, awsProfile?: string): Promise<RetainedUserPool[]> {
  const name = userPoolNameOf(idpStackName);
  const found: RetainedUserPool[] = [];
  let token: string | undefined;
  do {
    // MaxResults is required, 1 to 60
    const page = await callAws('listing the Cognito user pools', () => cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken: token })), { awsProfile });
    for (const p of page.UserPools ?? []) if (p.Name === name && p.Id) found.push({ id: p.Id, name, createdAt: p.CreationDate });
    token = page.NextToken;
  } while (token);
  return found.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

/** What a deploy that creates the pool again says about the ones kept. */
export function retainedPoolNotice(pools: readonly RetainedUserPool[]): string | undefined {
  const newest = pools[0];
  if (!newest) return undefined;
  const ids = pools.map((p) => p.id).join(', ');
  return `user pool ${newest.name} (${ids}) was kept by an earlier destroy, with its users and groups; this deploy creates a new, empty pool of the same name and the gateway signs in through it, so users must be invited again. `
    + `To keep the old users instead, set IDP_MODE=existing-cognito and COGNITO_POOL_ID=${newest.id}; to delete an old pool: aws cognito-idp update-user-pool --user-pool-id ${newest.id} --deletion-protection INACTIVE, then aws cognito-idp delete-user-pool --user-pool-id ${newest.id}`;
}
