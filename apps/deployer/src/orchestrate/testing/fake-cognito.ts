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
// - ListUsers: Filter is `AttributeName Filter-Type "AttributeValue"`, one attribute, `=` exact or
//   `^=` starts-with, quotation marks inside the value escaped with a backslash; only the listed
//   standard attributes are searchable ("Custom attributes aren't searchable"), anything else is
//   InvalidParameterException; an empty filter lists every user; an unknown pool is
//   ResourceNotFoundException. Each user carries Username and Attributes (sub among them).
//   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html
import { randomUUID } from 'node:crypto';
import {
  GetUserPoolMfaConfigCommand, InvalidParameterException, ListUsersCommand, ResourceNotFoundException, SetUserPoolMfaConfigCommand,
  type ListUsersCommandInput, type ListUsersCommandOutput, type GetUserPoolMfaConfigCommandInput, type GetUserPoolMfaConfigCommandOutput, type SetUserPoolMfaConfigCommandInput, type SetUserPoolMfaConfigCommandOutput,
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
/** the attributes ListUsers may filter on (API_ListUsers.html, Filter) */
const SEARCHABLE = ['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub'];
const FILTER = /^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

export interface PoolUser {
  username: string;
  attributes: Record<string, string>;
}
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
  private readonly users = new Map<string, PoolUser[]>();

  constructor(private readonly cfn: FakeCloudFormation) {}

  reset(): void {
    this.byHand.clear();
    this.seeded.clear();
    this.setCalls.length = 0;
    this.users.clear();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  install(mock: AwsStub<any, any, any>): void {
    mock.on(GetUserPoolMfaConfigCommand).callsFake(async (input: GetUserPoolMfaConfigCommandInput) => this.getUserPoolMfaConfig(input));
    mock.on(SetUserPoolMfaConfigCommand).callsFake(async (input: SetUserPoolMfaConfigCommandInput) => this.setUserPoolMfaConfig(input));
    mock.on(ListUsersCommand).callsFake(async (input: ListUsersCommandInput) => this.listUsers(input));
  }

  /** a user of an existing pool, as AdminCreateUser makes one (a fresh sub); returns the sub */
  seedUser(poolId: string, username: string, attributes: Record<string, string> = {}): string {
    if (!this.mfaOf(poolId)) throw notFound(poolId);
    const sub = randomUUID();
    this.users.set(poolId, [...(this.users.get(poolId) ?? []), { username, attributes: { ...attributes, sub } }]);
    return sub;
  }

  listUsers({ UserPoolId = '', Filter = '' }: ListUsersCommandInput): ListUsersCommandOutput {
    if (!this.mfaOf(UserPoolId)) throw notFound(UserPoolId);
    let match: (user: PoolUser) => boolean = () => true;
    if (Filter.trim() !== '') {
      const parsed = FILTER.exec(Filter);
      if (!parsed || !SEARCHABLE.includes(parsed[1] as string)) {
        throw new InvalidParameterException({ message: `Invalid search attribute or filter: ${Filter}`, $metadata: meta });
      }
      const [, name, op, quoted] = parsed as unknown as [string, string, string, string];
      const wanted = quoted.replace(/\\(.)/g, '$1');
      match = (user) => {
        const value = name === 'username' ? user.username : user.attributes[name];
        return value !== undefined && (op === '=' ? value === wanted : value.startsWith(wanted));
      };
    }
    const Users = (this.users.get(UserPoolId) ?? []).filter(match).map((user) => ({
      Username: user.username,
      Attributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    }));
    return { $metadata: {}, Users };
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
