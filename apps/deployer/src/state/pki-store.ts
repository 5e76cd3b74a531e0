// The VPN certificate authority in the state bucket (profiles/<profile>/pki.json), so any
// operator or CI can add and revoke developers: the authority's files as they are in pki/ (the
// CA key stays encrypted with its AES-256 passphrase, which never goes into the bucket; the
// operator gives it as today, CAGW_VPN_CA_PASSPHRASE_FILE), without developers' private keys.
// A command pulls it into out/<profile>/pki/ before it runs and pushes it after a change, with
// If-Match on the ETag it pulled: two operators changing the CA at once cannot lose a revocation,
// the second is refused (412) and runs again on the new state
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CagwError } from '@cagw/errors';
import { callAws } from '../orchestrate/aws-call.ts';
import type { StateAccess } from './rollback-store.ts';
import { stateBucketOf, type StateBucket } from './state-bucket.ts';

export const pkiKey = (profile: string): string => `profiles/${profile}/pki.json`;

/** What a pull saw: where the bundle is and its ETag (undefined: the account had none). */
export interface PulledPki { bucket: string; account: string; key: string; etag: string | undefined; from: StateBucket['from'] }

/** Developers' keys and .ovpn files stay where they were made: the bucket holds the authority only. */
const kept = (rel: string) => (rel === 'ca.key' || !rel.endsWith('.key')) && !rel.endsWith('.ovpn');

function filesOf(dir: string, root = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path, root) : [relative(root, path)];
  });
}

/** Reads the account's authority into pkiDir (write: false only looks: where, and its ETag). */
export async function pullPki(access: StateAccess, pkiDir: string, options: { write?: boolean } = {}): Promise<PulledPki> {
  const who = await callAws('reading the AWS account (sts:GetCallerIdentity)', () => access.sts.send(new GetCallerIdentityCommand({})), { awsProfile: access.awsProfile });
  const bucket = await stateBucketOf(access.s3, { account: who.Account ?? '', region: access.region, awsProfile: access.awsProfile });
  const key = pkiKey(access.profile);
  const got = await callAws(`reading the VPN CA s3://${bucket.name}/${key}`, () => access.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: key, ExpectedBucketOwner: bucket.account })).then(
    async (o) => ({ etag: o.ETag, text: (await o.Body?.transformToString()) ?? '{}' }),
    (e: unknown) => {
      if ((e as Error)?.name === 'NoSuchKey') return undefined;
      throw e;
    },
  ), { awsProfile: access.awsProfile });
  if (got && options.write !== false) {
    const files = (JSON.parse(got.text) as { files?: Record<string, string> }).files ?? {};
    for (const [rel, b64] of Object.entries(files)) {
      const path = join(pkiDir, rel);
      if (relative(pkiDir, path).startsWith('..')) continue; // never outside pki/
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, Buffer.from(b64, 'base64'), { mode: 0o600 });
      chmodSync(path, 0o600);
    }
  }
  return { bucket: bucket.name, account: bucket.account, key, etag: got?.etag, from: bucket.from };
}

/** Puts pki/ back, only over the bundle the pull saw; refused when another operator changed it since. */
export async function pushPki(access: StateAccess, pkiDir: string, pulled: PulledPki): Promise<void> {
  const files = Object.fromEntries(filesOf(pkiDir).filter(kept).sort().map((rel) => [rel, readFileSync(join(pkiDir, rel)).toString('base64')]));
  const condition = pulled.etag ? { IfMatch: pulled.etag } : { IfNoneMatch: '*' };
  await callAws(`saving the VPN CA to s3://${pulled.bucket}/${pulled.key}`, () => access.s3.send(new PutObjectCommand({
    Bucket: pulled.bucket, Key: pulled.key, Body: JSON.stringify({ files }), ContentType: 'application/json', ExpectedBucketOwner: pulled.account, ServerSideEncryption: 'AES256', ...condition,
  })).catch((e: unknown) => {
    const name = (e as Error)?.name;
    if (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || name === 'NoSuchKey') {
      throw new CagwError('VpnCaChangedMeanwhile', `another operator changed the VPN CA in s3://${pulled.bucket}/${pulled.key} while this command ran: this change was not saved to the account`, {
        source: 'user', where: `s3://${pulled.bucket}/${pulled.key}`, fix: 'run the same cagw vpn command again: it starts from the account\'s CA, with their change in it',
      });
    }
    throw e;
  }), { awsProfile: access.awsProfile, throttleRetries: 0 });
}
