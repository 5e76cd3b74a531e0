// Cognito user pools' MFA as the deploy tests meet it: a pool the strict fake CloudFormation made
// (AWS::Cognito::UserPool) has the MFA its template gave it, until someone changes it by hand with
// SetUserPoolMfaConfig; a later create or update of the resource by CloudFormation applies the
// template's again (UpdateUserPool sets what it is given). A pool made outside the stacks is
// seeded (seedPool), as CreateUserPool would make it.
//
// Answers and refusals, from the Amazon Cognito user pools API reference:
// - GetUserPoolMfaConfig: MfaConfiguration OFF | ON | OPTIONAL and SoftwareTokenMfaConfiguration
//   { Enabled }; an unknown pool is ResourceNotFoundException ("Errors").
//   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserPoolMfaConfig.html
// - SetUserPoolMfaConfig: the same response; ResourceNotFoundException for an unknown pool;
//   InvalidParameterException for ON or OPTIONAL with no factor turned on (the reference lists the
//   error, not its wording: the wording is moto's, see fake-cognito.contract.int.test.ts). The
//   factor configurations sent replace the pool's; one left out is off.
//   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html
// - CreateUserPool: MfaConfiguration defaults to OFF; EnabledMfas turns the factors on.
//   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html
import {
  GetUserPoolMfaConfigCommand, InvalidParameterException, ResourceNotFoundException, SetUserPoolMfaConfigCommand,
  type GetUserPoolMfaConfigCommandInput, type GetUserPoolMfaConfigCommandOutput, type SetUserPoolMfaConfigCommandInput, type SetUserPoolMfaConfigCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { FakeCloudFormation } from '@cagw/strict-cloudformation';
import type { AwsStub } from 'aws-sdk-client-mock';

export type PoolMfaMode = 'OFF' | 'ON' | 'OPTIONAL';
interface PoolMfa {
  mode: PoolMfaMode;
  softwareToken: boolean;
}
/** the user pool properties CreateUserPool and UpdateUserPool take that decide MFA */
export interface PoolMfaProperties {
  MfaConfiguration?: PoolMfaMode;
  EnabledMfas?: string[];
}

const meta = { httpStatusCode: 400 };
const notFound = (id: string) => new ResourceNotFoundException({ message: `User pool ${id} does not exist.`, $metadata: meta });

function fromProperties(p: Readonly<PoolMfaProperties>): PoolMfa {
  return { mode: p.MfaConfiguration ?? 'OFF', softwareToken: (p.EnabledMfas ?? []).includes('SOFTWARE_TOKEN_MFA') };
}

export class FakeCognito {
  /** changes by hand, and the CloudFormation properties they were made over */
  private readonly byHand = new Map<string, { mfa: PoolMfa; over: unknown }>();
  private readonly seeded = new Map<string, PoolMfa>();
  /** SetUserPoolMfaConfig calls, by pool id (what a test checks the deployer never made) */
  readonly setCalls: string[] = [];

  constructor(private readonly cfn: FakeCloudFormation) {}

  reset(): void {
    this.byHand.clear();
    this.seeded.clear();
    this.setCalls.length = 0;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  install(mock: AwsStub<any, any, any>): void {
    mock.on(GetUserPoolMfaConfigCommand).callsFake(async (input: GetUserPoolMfaConfigCommandInput) => this.getUserPoolMfaConfig(input));
    mock.on(SetUserPoolMfaConfigCommand).callsFake(async (input: SetUserPoolMfaConfigCommandInput) => this.setUserPoolMfaConfig(input));
  }

  /** a pool made outside the stacks, as CreateUserPool with these properties makes it */
  seedPool(id: string, properties: PoolMfaProperties = {}): void {
    this.seeded.set(id, fromProperties(properties));
  }

  /** the pool's MFA now, or undefined when no such pool exists */
  mfaOf(id: string): PoolMfa | undefined {
    const fromStack = this.cfn.propertiesOfResource('AWS::Cognito::UserPool', id);
    const hand = this.byHand.get(id);
    // a change by hand holds until CloudFormation creates or updates the pool again
    if (hand && (fromStack === undefined || hand.over === fromStack)) return hand.mfa;
    if (fromStack) return fromProperties(fromStack as PoolMfaProperties);
    return this.seeded.get(id);
  }

  getUserPoolMfaConfig({ UserPoolId = '' }: GetUserPoolMfaConfigCommandInput): GetUserPoolMfaConfigCommandOutput {
    const mfa = this.mfaOf(UserPoolId);
    if (!mfa) throw notFound(UserPoolId);
    return { $metadata: {}, MfaConfiguration: mfa.mode, SoftwareTokenMfaConfiguration: { Enabled: mfa.softwareToken } };
  }

  setUserPoolMfaConfig(input: SetUserPoolMfaConfigCommandInput): SetUserPoolMfaConfigCommandOutput {
    const id = input.UserPoolId ?? '';
    const current = this.mfaOf(id);
    if (!current) throw notFound(id);
    const softwareToken = input.SoftwareTokenMfaConfiguration?.Enabled === true;
    const anyFactor = softwareToken || input.SmsMfaConfiguration !== undefined || input.EmailMfaConfiguration !== undefined;
    const mode = input.MfaConfiguration ?? current.mode;
    if (mode !== 'OFF' && !anyFactor) {
      throw new InvalidParameterException({ message: 'At least one of [SmsMfaConfiguration] or [SoftwareTokenMfaConfiguration] must be provided.', $metadata: meta });
    }
    this.setCalls.push(id);
    const mfa = { mode, softwareToken };
    this.byHand.set(id, { mfa, over: this.cfn.propertiesOfResource('AWS::Cognito::UserPool', id) });
    return { $metadata: {}, MfaConfiguration: mfa.mode, SoftwareTokenMfaConfiguration: { Enabled: softwareToken } };
  }
}
