// Issue 22, "nothing half-created": every input some step of a deploy needs (the image pins, a
// file the image build reads, credentials, a secret, a certificate, the hosted zone, the
// gateway image in ECR) is checked before the first stack operation. From profiles where every
// input is present (the control deploys), each required input is removed in turn, together with
// a few others fast-check picks, and `cagw deploy` must stop before any CreateChangeSet,
// CreateStack or image push, in one error naming every input removed. The account behind the
// real preflight checks is a small record answered through aws-sdk-client-mock; no registry is
// reachable (a pin left out cannot be resolved).
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client, ExportClientVpnClientConfigurationCommand } from '@aws-sdk/client-ec2';
import { BatchGetImageCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { allChecks, runPreflight, type AwsClients, type CheckResult } from '@cagw/preflight';
import { FakeCloudFormation } from '@cagw/strict-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { PASSPHRASE_FILE_VAR, PASSPHRASE_VAR, readCaPassphrase } from '../vpn/ca-passphrase.ts';
import type { DeploymentDeps } from '../cli/run-deployment.ts';
import { fakeDeploymentDeps } from '../cli/testing/fake-deployment-deps.ts';
import { makeDeployCommand } from '../commands/deploy.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { PROFILES_DIR, RememberingStep } from './testing/profile-fixture.ts';

const cfnMock = mockClient(CloudFormationClient);
const ec2Mock = mockClient(EC2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const secretsMock = mockClient(SecretsManagerClient);
const route53Mock = mockClient(Route53Client);
const acmMock = mockClient(ACMClient);
const ecrMock = mockClient(ECRClient);
const fake = new FakeCloudFormation({ pageSize: 100, createSeconds: () => 5 });
const files = mkdtempSync(join(tmpdir(), 'cagw-deploy-inputs-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/oidc-AbCdEf';
const ZONE_ID = 'Z0123456789EXAMPLE01';
const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0b3a6d9e-1c2f-4e5a-9b8c-7d6e5f4a3b2c';
const GATEWAY_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-gateway@sha256:${'d5'.repeat(32)}`;
const PINS = {
  BASE_DIGEST: `sha256:${'b4'.repeat(32)}`,
  DB_CLIENT_IMAGE_URI: `public.ecr.aws/docker/library/postgres@sha256:${'c3'.repeat(32)}`,
  COLLECTOR_IMAGE_URI: `public.ecr.aws/aws-observability/aws-otel-collector@sha256:${'a'.repeat(64)}`,
};

/** What the account holds; an input is removed by taking it out. */
interface Account { credentials: boolean; secrets: Set<string>; zones: Set<string>; certificates: Set<string>; images: Set<string> }

/** One starting point: a shipped profile, the environment that completes it, and its required inputs. */
interface Case {
  profile: string;
  env: () => Record<string, string>;
  /** each input: what removing it takes away, and the name the error must carry */
  inputs: Record<string, (env: Record<string, string>, account: Account) => void>;
}

const caBundle = () => {
  const path = join(files, `global-bundle-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(path, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  return path;
};
// the passphrase file as the README makes it: only its owner can read it
const passphraseFile = () => {
  const path = join(files, `vpn-ca-${Math.random().toString(36).slice(2)}.pass`);
  writeFileSync(path, 'a-passphrase-long-enough-for-the-ca\n', { mode: 0o600 });
  return path;
};
const dropEnv = (name: string) => (env: Record<string, string>) => void delete env[name];
const credentials = (_env: Record<string, string>, account: Account) => void (account.credentials = false);

const CASES: Case[] = [
  {
    // managed TLS through the public zone, a collector, the image built here from a CA bundle file
    profile: 'managed-newcognito-collector-vpn.env',
    env: () => ({ ...PINS, RDS_CA_BUNDLE_FILE: caBundle(), [PASSPHRASE_FILE_VAR]: passphraseFile() }),
    inputs: {
      [PASSPHRASE_FILE_VAR]: dropEnv(PASSPHRASE_FILE_VAR),
      BASE_DIGEST: dropEnv('BASE_DIGEST'),
      DB_CLIENT_IMAGE_URI: dropEnv('DB_CLIENT_IMAGE_URI'),
      COLLECTOR_IMAGE_URI: dropEnv('COLLECTOR_IMAGE_URI'),
      RDS_CA_BUNDLE_FILE: (env) => unlinkSync(env.RDS_CA_BUNDLE_FILE!),
      PUBLIC_HOSTED_ZONE_ID: (_env, account) => void account.zones.delete(ZONE_ID),
      'aws.credentials': credentials,
    },
  },
  {
    // a certificate of one's own, the OIDC client secret, an image already in ECR
    profile: 'selfsigned-fallback.env',
    env: () => ({ DB_CLIENT_IMAGE_URI: PINS.DB_CLIENT_IMAGE_URI, CERT_ARN, GATEWAY_HOST: 'claude.internal.example.com', BUILD_IMAGE: 'false', GATEWAY_IMAGE_URI: GATEWAY_IMAGE, [PASSPHRASE_FILE_VAR]: passphraseFile() }),
    inputs: {
      DB_CLIENT_IMAGE_URI: dropEnv('DB_CLIENT_IMAGE_URI'),
      OIDC_CLIENT_SECRET_ARN: (_env, account) => void account.secrets.delete(SECRET_ARN),
      CERT_ARN: (_env, account) => void account.certificates.delete(CERT_ARN),
      GATEWAY_IMAGE_URI: (_env, account) => void account.images.delete(GATEWAY_IMAGE),
      'aws.credentials': credentials,
    },
  },
];

const fullAccount = (): Account => ({ credentials: true, secrets: new Set([SECRET_ARN]), zones: new Set([ZONE_ID]), certificates: new Set([CERT_ARN]), images: new Set([GATEWAY_IMAGE]) });
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
/** inputs only the account can show: without credentials, naming the credentials is what can be said */
const IN_THE_ACCOUNT = new Set(['PUBLIC_HOSTED_ZONE_ID', 'OIDC_CLIENT_SECRET_ARN', 'CERT_ARN', 'GATEWAY_IMAGE_URI']);
const ACCOUNT_CHECKS = new Set(['secrets.readable', 'tls.hosted-zone', 'tls.certificate', 'image.ecr']);

/** The account's answers, as the services give them. */
function serve(account: Account): void {
  // DescribeSecret: ResourceNotFoundException for a secret that does not exist
  // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html#API_DescribeSecret_Errors)
  secretsMock.on(DescribeSecretCommand).callsFake(async ({ SecretId }) => {
    if (!account.secrets.has(SecretId)) throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return { ARN: SecretId, Name: 'claude-gateway/oidc' };
  });
  secretsMock.on(GetSecretValueCommand).callsFake(async ({ SecretId }) => {
    if (!account.secrets.has(SecretId)) throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return { ARN: SecretId, SecretString: 'the-client-secret' };
  });
  // GetHostedZone: NoSuchHostedZone for an id the account does not have
  // (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetHostedZone.html#API_GetHostedZone_Errors)
  route53Mock.on(GetHostedZoneCommand).callsFake(async ({ Id }) => {
    if (!account.zones.has(Id)) throw awsError('NoSuchHostedZone', `No hosted zone found with ID: ${Id}`);
    return { HostedZone: { Id: `/hostedzone/${Id}`, Name: 'example.com.', CallerReference: 'cagw-test', Config: { PrivateZone: false } } };
  });
  // DescribeCertificate: ResourceNotFoundException for an ARN that is not in the region
  // (https://docs.aws.amazon.com/acm/latest/APIReference/API_DescribeCertificate.html#API_DescribeCertificate_Errors)
  acmMock.on(DescribeCertificateCommand).callsFake(async ({ CertificateArn }) => {
    if (!account.certificates.has(CertificateArn)) throw awsError('ResourceNotFoundException', `Could not find certificate ${CertificateArn}.`);
    return { Certificate: { CertificateArn, DomainName: 'claude.internal.example.com', Status: 'ISSUED', Type: 'IMPORTED', NotAfter: new Date('2030-01-01T00:00:00Z') } };
  });
  // BatchGetImage reports a missing image in failures, not as an error
  // (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html#API_BatchGetImage_ResponseSyntax)
  ecrMock.on(BatchGetImageCommand).callsFake(async ({ imageIds }) => {
    if (!account.images.has(GATEWAY_IMAGE)) return { images: [], failures: [{ imageId: imageIds?.[0], failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }] };
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ platform: { architecture: 'amd64', os: 'linux' } }] };
    return { images: [{ imageId: imageIds?.[0], imageManifest: JSON.stringify(index) }], failures: [] };
  });
}

/** The account checks of @cagw/preflight against the account; without credentials, what the system deps report. */
function accountPreflight(account: Account): DeploymentDeps['preflight'] {
  const config = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 };
  const aws = { secretsManager: new SecretsManagerClient(config), route53: new Route53Client(config), acm: new ACMClient(config), ecr: new ECRClient(config) } as unknown as AwsClients;
  return async (settings, rendered) => {
    const unused = async () => { throw new Error('not used by the account checks'); };
    const { results } = await runPreflight(settings, rendered, {
      aws: account.credentials ? aws : undefined, noAwsReason: 'no AWS credentials from the default credential chain',
      dns: { resolve4: unused, resolve6: unused, resolveNs: unused }, fetch: unused, findExecutable: async () => undefined,
    }, { checks: allChecks.filter((c) => ACCOUNT_CHECKS.has(c.id)) });
    const missing: CheckResult[] = account.credentials ? [] : [{ id: 'aws.credentials', title: 'AWS credentials for the deploy', status: 'fail', message: 'no AWS credentials from the default credential chain', fix: 'sign in (aws sso login)' }];
    return [...results, ...missing];
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  // wide first: any call not answered below fails the test
  const mocks: { reset(): void; onAnyCommand(): { rejects(e: Error): unknown } }[] = [cfnMock, ec2Mock, cloudwatchMock, secretsMock, route53Mock, acmMock, ecrMock];
  for (const mock of mocks) {
    mock.reset();
    mock.onAnyCommand().rejects(new Error('unexpected AWS call'));
  }
  ec2Mock.on(ExportClientVpnClientConfigurationCommand).resolves({ ClientConfiguration: 'client\ndev tun\nremote cvpn-endpoint-0abc.prod.clientvpn.us-east-1.amazonaws.com 443' });
  cloudwatchMock.on(PutDashboardCommand).resolves({});
  fake.reset();
  fake.install(cfnMock);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function deploy(c: Case, removed: readonly string[]) {
  const env = c.env();
  const account = fullAccount();
  for (const input of removed) c.inputs[input]!(env, account);
  serve(account);
  // the VPN passphrase is read from the process's environment, as the certificates step reads it
  vi.stubEnv(PASSPHRASE_FILE_VAR, env[PASSPHRASE_FILE_VAR]);
  vi.stubEnv(PASSPHRASE_VAR, undefined);
  const image = new RememberingStep((i) => ({ ImageUri: `${i.RepositoryUri}@sha256:${'b'.repeat(64)}` }));
  const base = fakeDeploymentDeps(join(files, 'out'), { preflight: accountPreflight(account) });
  const deps: DeploymentDeps = {
    ...base, env,
    steps: (s, clients, pki) => {
      const fakes = base.steps(s, clients, pki);
      // the real step opens the VPN CA with the passphrase before it makes a certificate
      const certificates = fakes.certificates && { find: fakes.certificates.find.bind(fakes.certificates), run: async (inputs: Record<string, string>) => {
        readCaPassphrase(process.env);
        return fakes.certificates!.run(inputs);
      } };
      return { ...fakes, image, ...(certificates ? { certificates } : {}) };
    },
  };
  const io = createRecordingIo();
  const run = makeDeployCommand(() => deps).run({ profile: join(PROFILES_DIR, c.profile), yes: true, json: false, 'dry-run': false, 'allow-replace': [] }, [], io);
  const outcome = await advanceUntilSettled(run).then((code) => ({ code, error: undefined }), (error: unknown) => ({ code: 1, error: error as Error }));
  return { ...outcome, stderr: io.stderr.join('\n'), imageRuns: image.runs };
}

test.each(CASES.map((c) => [c.profile, c] as const))('%s with every input present deploys (the control)', async (_name, c) => {
  const { code, stderr, error } = await deploy(c, []);
  expect(error).toBeUndefined();
  expect(stderr).not.toMatch(/error(\[\w+\])?:/);
  expect(code).toBe(0);
  expect(fake.calls('CreateChangeSet')).toBeGreaterThan(0);
}, 60_000);

const each = CASES.flatMap((c) => Object.keys(c.inputs).map((input) => [`${c.profile} without ${input}`, c, input] as const));

test.each(each)('%s: deploy stops before any stack operation or image push, naming it and every other input removed with it', async (_name, c, input) => {
  const others = Object.keys(c.inputs).filter((i) => i !== input);
  await fc.assert(fc.asyncProperty(fc.subarray(others, { maxLength: 2 }), async (alsoRemoved) => {
    fake.reset();
    cfnMock.resetHistory();
    const removed = [input, ...alsoRemoved];
    const { code, error, stderr, imageRuns } = await deploy(c, removed);
    expect(code).toBe(1);
    expect(fake.calls('CreateChangeSet')).toBe(0);
    expect(fake.calls('CreateStack')).toBe(0);
    expect(imageRuns).toBe(0);
    const said = `${stderr}\n${error ? `${error.message} ${(error as { where?: string }).where ?? ''}` : ''}`;
    const named = removed.includes('aws.credentials') ? removed.filter((i) => !IN_THE_ACCOUNT.has(i)) : removed;
    for (const name of named) expect(said, `${name} is not named`).toContain(name);
  }), { numRuns: 3 });
}, 60_000);
