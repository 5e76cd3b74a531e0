// COGNITO_MFA=required (the default) makes a new pool require MFA. A pool created with MFA
// optional or off cannot be switched to required by a CloudFormation update (UpdateUserPool
// accepts ON only when a pool is created, see the UpdateUserPool MfaConfiguration reference),
// so the idp stack update would fail and roll back. The live pool keeps its mode (data.mfaMode),
// and the check says how to require MFA on it by hand.
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { pass, warn, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, errorMessage, errorName } from '../aws-failure.ts';

export type MfaMode = 'ON' | 'OPTIONAL' | 'OFF';
const MODE_OF = { required: 'ON', optional: 'OPTIONAL', off: 'OFF' } as const;
const withMode = (outcome: CheckOutcome, mfaMode: MfaMode): CheckOutcome => ({ ...outcome, data: { mfaMode } });

export const cognitoMfa: PreflightCheck = {
  id: 'cognito.mfa',
  title: 'the new Cognito pool\'s MFA mode can be applied',
  needs: 'aws',
  reads: ['IDP_MODE', 'COGNITO_MFA', 'STACK_PREFIX'],
  skipReason: (s) => (s.idpMode === 'new-cognito' ? undefined : `IDP_MODE=${s.idpMode}: cagw makes no user pool`),
  async run({ aws, settings, signal }) {
    const wanted = MODE_OF[settings.COGNITO_MFA];
    const idp = settings.stackNames.idp;
    let live: string | undefined;
    try {
      const { Stacks = [] } = await aws.cloudFormation.send(new DescribeStacksCommand({ StackName: idp }), { abortSignal: signal });
      const stack = Stacks[0];
      if (stack && stack.StackStatus !== 'REVIEW_IN_PROGRESS') live = stack.Parameters?.find((p) => p.ParameterKey === 'MfaMode')?.ParameterValue ?? 'OPTIONAL';
    } catch (e) {
      if (!(errorName(e) === 'ValidationError' && /does not exist/.test(errorMessage(e)))) return awsCallFailed('cloudformation:DescribeStacks', e);
    }
    if (live === undefined) return withMode(pass(`the new pool is created with MFA ${wanted}`), wanted);
    if (wanted !== 'ON' || live === 'ON') return withMode(pass(`the pool of ${idp} gets MFA ${wanted}`), wanted);
    const kept = live === 'OFF' ? 'OFF' : 'OPTIONAL';
    return withMode(warn(
      `COGNITO_MFA=required, but the pool of ${idp} was created with MFA ${kept}, which CloudFormation cannot turn to required: cagw keeps ${kept}`,
      `require it by hand (users without an authenticator app must enrol at their next sign-in): aws cognito-idp set-user-pool-mfa-config --user-pool-id <the idp stack output UserPoolId> --software-token-mfa-configuration Enabled=true --mfa-configuration ON; or set COGNITO_MFA=${kept.toLowerCase()} to silence this`,
    ), kept);
  },
};
