// A deploy after a destroy says what became of the user pool the destroy kept.
import { CognitoIdentityProviderClient, InvalidParameterException, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { retainedPoolNotice, retainedUserPools } from './retained-user-pools.ts';

const cognitoMock = mockClient(CognitoIdentityProviderClient);
const cognito = new CognitoIdentityProviderClient({ region: 'us-east-1' });
let pools: { Id: string; Name: string; CreationDate: Date }[];

/**
 * ListUserPools: MaxResults is required and from 1 to 60 (InvalidParameterException otherwise);
 * pages carry NextToken (three pools a page here, whatever MaxResults asks for).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html
 */
beforeEach(() => {
  cognitoMock.reset();
  cognitoMock.onAnyCommand().rejects(new Error('unexpected Cognito call'));
  pools = [];
  cognitoMock.on(ListUserPoolsCommand).callsFake(async (i) => {
    if (!(Number.isInteger(i.MaxResults) && i.MaxResults >= 1 && i.MaxResults <= 60)) {
      throw new InvalidParameterException({ message: "1 validation error detected: Value at 'maxResults' failed to satisfy constraint", $metadata: { httpStatusCode: 400 } });
    }
    const from = Number(i.NextToken ?? 0);
    const next = from + 3 < pools.length ? String(from + 3) : undefined;
    return { UserPools: pools.slice(from, from + 3), NextToken: next };
  });
});

test('finds the pools an earlier deployment of this idp stack kept, newest first, on any page', async () => {
  pools = [
    { Id: 'us-east-1_Other0001', Name: 'team-b-idp-pool', CreationDate: new Date('2026-01-01') },
    { Id: 'us-east-1_AbCdEf123', Name: 'claude-gateway-idp-pool', CreationDate: new Date('2026-03-01') },
    { Id: 'us-east-1_Other0002', Name: 'claude-gateway-idp-pool-copy', CreationDate: new Date('2026-04-01') },
    { Id: 'us-east-1_GhIjKl456', Name: 'claude-gateway-idp-pool', CreationDate: new Date('2026-06-01') },
  ];
  const found = await retainedUserPools(cognito, 'claude-gateway-idp');
  expect(found.map((p) => p.id)).toEqual(['us-east-1_GhIjKl456', 'us-east-1_AbCdEf123']);
  const notice = retainedPoolNotice(found);
  expect(notice).toContain('user pool claude-gateway-idp-pool (us-east-1_GhIjKl456, us-east-1_AbCdEf123) was kept by an earlier destroy');
  expect(notice).toContain('set IDP_MODE=existing-cognito and COGNITO_POOL_ID=us-east-1_GhIjKl456');
});

test('no kept pool: nothing to say', async () => {
  pools = [{ Id: 'us-east-1_Other0001', Name: 'team-b-idp-pool', CreationDate: new Date('2026-01-01') }];
  expect(retainedPoolNotice(await retainedUserPools(cognito, 'claude-gateway-idp'))).toBeUndefined();
});
