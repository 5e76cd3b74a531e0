// Issue 24, "State in the account": the VPN certificate authority lives in the state bucket.
// Operator A issues a certificate from their folder; operator B, in another folder with no
// pki/ of their own and no passphrase (only AWS credentials), revokes it; A then sees it revoked.
// The CA key goes to the bucket only as openssl encrypted it (AES-256), developers' keys never;
// its passphrase is in Secrets Manager, under the bootstrap's KMS key, never in the bucket.
// Two changes from one starting state: the second is refused, not lost. Real openssl.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CloudFormationServiceException, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { makeVpnCommand } from '../commands/vpn.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { pullPki, pushPki } from './pki-store.ts';
import { FakeSecrets } from '../vpn/testing/fake-secrets.ts';
import { FakeStateS3, fakeCaller } from './testing/fake-state-s3.ts';

const BUCKET = 'cagw-state-123456789012-us-east-1';
const PKI = 'profiles/managed-newcognito-collector-vpn/pki.json';
const PROFILE = join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env');
const SECRET = 'cagw/managed-newcognito-collector-vpn/vpn-ca-passphrase';
const STATE_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const PASSPHRASE = 'q7Vx2mLp9RtZ4wKs-team-passphrase';
const cfnMock = mockClient(CloudFormationClient);
let s3: FakeStateS3;
let secrets: FakeSecrets;
const roots: string[] = [];

beforeEach(() => {
  cfnMock.reset();
  // the VPN is not deployed yet: the CA works alone
  cfnMock.on(DescribeStacksCommand).rejects(new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: 'Stack with id claude-gateway-vpn does not exist' }));
  s3 = new FakeStateS3();
  s3.addBucket(BUCKET, undefined, STATE_KEY);
  secrets = new FakeSecrets();
});
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** An operator in a folder of their own; with passphrase: false, only AWS credentials. */
function operator(who: string, options: { passphrase?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), `cagw-vpn-${who}-`));
  roots.push(root);
  const passFile = join(root, 'ca.pass');
  writeFileSync(passFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  const env = options.passphrase === false ? {} : { CAGW_VPN_CA_PASSPHRASE_FILE: passFile };
  const clients = () => ({ cfn: new CloudFormationClient({ region: 'us-east-1' }), ec2: new EC2Client({ region: 'us-east-1' }), s3: s3.client(), sts: fakeCaller(`arn:aws:sts::123456789012:assumed-role/PlatformAdmin/${who}`), secrets: secrets.client() });
  return {
    root,
    async vpn(args: string[]) {
      const io = createRecordingIo();
      const code = await makeVpnCommand({ clients, env, outRoot: root }).run({ profile: PROFILE, json: true, from: undefined, csr: undefined }, args, io);
      return { code, out: JSON.parse(io.stdout[0] ?? 'null') as unknown, stderr: io.stderr.join('\n') };
    },
  };
}

test('B revokes the certificate A issued, from a folder without pki/ and without a passphrase; A sees it revoked', async () => {
  const a = operator('alice');
  const b = operator('bob', { passphrase: false });
  expect((await a.vpn(['add-user', 'ana.lopez'])).code).toBe(0);
  const bundle = JSON.parse(s3.body(BUCKET, PKI) ?? '{}') as { files: Record<string, string> };
  expect(Object.keys(bundle.files)).toEqual(expect.arrayContaining(['ca.crt', 'ca.key', 'index.txt', 'clients/ana.lopez.crt']));
  expect(Object.keys(bundle.files)).not.toContain('clients/ana.lopez.key');
  expect(Buffer.from(bundle.files['ca.key'] ?? '', 'base64').toString()).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  // A's passphrase is now the account's, under the state bucket's key; never in the bucket
  expect(secrets.secrets.get(SECRET)).toEqual({ value: PASSPHRASE, kmsKeyId: STATE_KEY });
  expect(s3.body(BUCKET, PKI)).not.toContain(PASSPHRASE);

  const revoked = await b.vpn(['revoke', 'ana.lopez']);
  expect(revoked.code, revoked.stderr).toBe(0);
  const seen = await a.vpn(['list']);
  expect(seen.code).toBe(0);
  expect(JSON.stringify(seen.out)).toMatch(/"name":"ana\.lopez"[^}]*"status":"revoked"/);
});

test('two changes from the same state: the second is refused naming the fix, not saved over the first', async () => {
  const a = operator('alice');
  expect((await a.vpn(['add-user', 'ana.lopez'])).code).toBe(0);
  const access = { s3: s3.client(), sts: fakeCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/x'), region: 'us-east-1', profile: 'managed-newcognito-collector-vpn' };
  const dirA = join(a.root, 'pa');
  const dirB = join(a.root, 'pb');
  const first = await pullPki(access, dirA);
  const second = await pullPki(access, dirB);
  writeFileSync(join(dirA, 'crlnumber'), '1001\n'); // the first operator's change
  await pushPki(access, dirA, first);
  await expect(pushPki(access, dirB, second)).rejects.toMatchObject({ code: 'VpnCaChangedMeanwhile', fix: expect.stringContaining('run the same cagw vpn command again') });
});

test('nobody holds a passphrase: the first CA gets one the account keeps, and a second operator revokes with it', async () => {
  const a = operator('alice', { passphrase: false });
  const b = operator('bob', { passphrase: false });
  const added = await a.vpn(['add-user', 'ana.lopez']);
  expect(added.code, added.stderr).toBe(0);
  expect(secrets.secrets.get(SECRET)?.value).toMatch(/^[A-Za-z0-9+/=]{44}$/);
  const revoked = await b.vpn(['revoke', 'ana.lopez']);
  expect(revoked.code, revoked.stderr).toBe(0);
  expect(JSON.stringify((await a.vpn(['list'])).out)).toMatch(/"name":"ana\.lopez"[^}]*"status":"revoked"/);
});

test('a CA in the account without its passphrase there, and none given: refused naming the variable and the fix', async () => {
  const a = operator('alice');
  expect((await a.vpn(['add-user', 'ana.lopez'])).code).toBe(0);
  secrets.secrets.clear(); // a CA pushed before the account kept passphrases
  const b = operator('bob', { passphrase: false });
  await expect(b.vpn(['revoke', 'ana.lopez'])).rejects.toMatchObject({
    code: 'VpnCaPassphraseMissing', where: expect.stringContaining('CAGW_VPN_CA_PASSPHRASE_FILE'), fix: expect.stringContaining('stores it in the account'),
  });
});
