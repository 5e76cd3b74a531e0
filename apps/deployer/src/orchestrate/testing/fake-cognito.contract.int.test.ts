// The fake Cognito's MFA calls and ListUsers with a filter against moto's (`moto_server`, an implementation nobody here
// wrote): the same scenarios, the same observable answers. Where moto departs from the Amazon
// Cognito API reference the scenario records moto's answer next to the documented one and its
// source; the fake must give the documented one.
import {
  AdminCreateUserCommand, CognitoIdentityProviderClient, CreateUserPoolCommand, GetUserPoolMfaConfigCommand, ListUsersCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoUserDirectory, emailFilter } from '../../caps/cognito-user-directory.ts';
import { FakeCloudFormation, startMoto, type MotoServer } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeCognito, type PoolMfaProperties } from './fake-cognito.ts';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'contract-test-not-a-secret' };

/** The calls a scenario makes, the same for both implementations; a pool is made by `makePool`. */
interface Api {
  client: CognitoIdentityProviderClient;
  makePool(name: string, properties: PoolMfaProperties): Promise<string>;
  /** a pool user with this email; returns their sub */
  makeUser(poolId: string, username: string, email: string): Promise<string>;
}

const errorOf = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error) => e.name);
const mfa = async (api: Api, id: string) => {
  const r = await api.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }));
  return { mode: r.MfaConfiguration, softwareToken: r.SoftwareTokenMfaConfiguration?.Enabled };
};

interface Scenario {
  name: string;
  run(api: Api): Promise<Record<string, unknown>>;
  documented: Record<string, unknown>;
  motoDiffers?: Record<string, { moto: unknown; documentedBy: string }>;
}

const scenarios: Scenario[] = [
  {
    name: 'a pool created without MFA reads OFF; required by hand it reads ON with TOTP; turned off it reads OFF',
    async run(api) {
      const id = await api.makePool('contract-off', {});
      const created = (await mfa(api, id)).mode;
      const set = await api.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      const required = await mfa(api, id);
      await api.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'OFF' }));
      return { created, setAnswer: set.MfaConfiguration, required, off: (await mfa(api, id)).mode };
    },
    documented: { created: 'OFF', setAnswer: 'ON', required: { mode: 'ON', softwareToken: true }, off: 'OFF' },
  },
  {
    name: 'ON or OPTIONAL with no factor turned on is refused, and the pool keeps its mode',
    async run(api) {
      const id = await api.makePool('contract-nofactor', {});
      return {
        on: await errorOf(api.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'ON' }))),
        optional: await errorOf(api.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'OPTIONAL' }))),
        after: (await mfa(api, id)).mode,
      };
    },
    documented: { on: 'InvalidParameterException', optional: 'InvalidParameterException', after: 'OFF' },
  },
  {
    name: 'a pool that does not exist is ResourceNotFoundException for both calls',
    async run(api) {
      const id = 'us-east-1_NoSuchPool0';
      return {
        get: await errorOf(api.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))),
        set: await errorOf(api.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: 'OFF' }))),
      };
    },
    documented: { get: 'ResourceNotFoundException', set: 'ResourceNotFoundException' },
  },
  {
    name: 'a pool created with MFA required and TOTP enabled reads ON with TOTP',
    async run(api) {
      const id = await api.makePool('contract-on', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
      return { created: await mfa(api, id) };
    },
    documented: { created: { mode: 'ON', softwareToken: true } },
    motoDiffers: {
      created: {
        moto: { mode: 'ON', softwareToken: undefined },
        documentedBy: 'CreateUserPool API reference, EnabledMfas: "Set enabled MFA options on a specified user pool" (the TOTP factor is on, so GetUserPoolMfaConfig shows SoftwareTokenMfaConfiguration Enabled true); moto 5.2.1 ignores EnabledMfas and returns no SoftwareTokenMfaConfiguration',
      },
    },
  },
  {
    name: 'ListUsers with an email filter finds exactly that user and their sub; ^= matches a prefix; a stray quote is escaped, not a syntax error; an unknown attribute is refused',
    async run(api) {
      const id = await api.makePool('contract-users', {});
      const alice = await api.makeUser(id, 'alice', 'alice@example.com');
      await api.makeUser(id, 'alicia', 'alicia@example.com');
      const emails = async (Filter: string) =>
        (await api.client.send(new ListUsersCommand({ UserPoolId: id, Filter }))).Users?.map((u) => u.Attributes?.find((a) => a.Name === 'email')?.Value).sort();
      const directory = cognitoUserDirectory(api.client, id);
      return {
        exact: await emails(emailFilter('alice@example.com')),
        prefix: await emails('email ^= "ali"'),
        none: await emails(emailFilter('nobody@example.com')),
        quoted: await emails(emailFilter('x"y@example.com')),
        subFound: (await directory.subOf('alice@example.com')) === alice,
        subMissing: await directory.subOf('nobody@example.com'),
        custom: await errorOf(api.client.send(new ListUsersCommand({ UserPoolId: id, Filter: 'custom:team = "a"' }))),
      };
    },
    documented: {
      exact: ['alice@example.com'], prefix: ['alice@example.com', 'alicia@example.com'], none: [], quoted: [],
      subFound: true, subMissing: undefined, custom: 'InvalidParameterException',
    },
  },
];

// ── the two implementations ─────────────────────────────────────────────────
let moto: MotoServer | undefined;
let motoMissing: Error | undefined;
const motoApi = (): Api => {
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: moto?.endpoint as string, credentials, maxAttempts: 1 });
  return {
    client,
    async makePool(name, properties) {
      const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: name, ...properties }));
      return UserPool?.Id as string;
    },
    async makeUser(poolId, username, email) {
      const { User } = await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, UserAttributes: [{ Name: 'email', Value: email }], MessageAction: 'SUPPRESS' }));
      return User?.Attributes?.find((a) => a.Name === 'sub')?.Value as string;
    },
  };
};
const fakeClient = new CognitoIdentityProviderClient({ region: 'us-east-1', credentials });
const fake = new FakeCognito(new FakeCloudFormation());
const fakeMock = mockClient(fakeClient);
fakeMock.onAnyCommand().rejects(new Error('a Cognito call the fake does not model'));
fake.install(fakeMock);
let serial = 0;
const fakeApi: Api = {
  client: fakeClient,
  async makePool(_name, properties) {
    serial += 1;
    const id = `us-east-1_Contract${serial}`;
    fake.seedPool(id, properties);
    return id;
  },
  async makeUser(poolId, username, email) {
    return fake.seedUser(poolId, username, { email });
  },
};

beforeAll(async () => {
  moto = await startMoto().catch((e: Error) => {
    motoMissing = e;
    return undefined;
  });
}, 90_000);
afterAll(async () => {
  await moto?.stop();
  fake.reset();
});

describe.each(scenarios)('$name', (scenario) => {
  test('the fake gives the documented result', async () => {
    expect(await scenario.run(fakeApi)).toEqual(scenario.documented);
  });
  test('moto gives the same result, except where it departs from the documentation (recorded)', async () => {
    if (motoMissing) throw motoMissing;
    const departures = Object.fromEntries(Object.entries(scenario.motoDiffers ?? {}).map(([k, v]) => [k, v.moto]));
    for (const d of Object.values(scenario.motoDiffers ?? {})) expect(d.documentedBy).not.toBe('');
    expect(await scenario.run(motoApi())).toEqual({ ...scenario.documented, ...departures });
  });
});
