// The fake Cognito's MFA calls against moto's (`moto_server`, an implementation nobody here
// wrote): the same scenarios, the same observable answers. Where moto departs from the Amazon
// Cognito API reference the scenario records moto's answer next to the documented one and its
// source; the fake must give the documented one.
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, GetUserPoolMfaConfigCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { FakeCloudFormation, startMoto, type MotoServer } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeCognito, type PoolMfaProperties } from './fake-cognito.ts';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'contract-test-not-a-secret' };

/** The calls a scenario makes, the same for both implementations; a pool is made by `makePool`. */
interface Api {
  client: CognitoIdentityProviderClient;
  makePool(name: string, properties: PoolMfaProperties): Promise<string>;
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
