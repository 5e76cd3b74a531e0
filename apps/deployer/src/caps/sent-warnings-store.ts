// The keys of the cap warnings already sent, kept between reconciler passes so each threshold is
// warned once per period: in the state bucket (profiles/<profile>/cap-warnings-sent.json) for the
// deployed gateway, or in cagw local's state folder. Only the keys of the periods under way are
// kept (a key names its day, ISO week or month), so the file stays small. The bucket is written
// with If-Match on the ETag read (If-None-Match: * when there was none), as pki-store.ts does:
// a second reconciler writing meanwhile is refused (412), not overwritten
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CagwError } from '@cagw/errors';
import { CAP_PERIODS, type CapPeriod } from '@cagw/profile';
import { callAws } from '../orchestrate/aws-call.ts';
import type { StateAccess } from '../state/rollback-store.ts';
import { stateBucketOf } from '../state/state-bucket.ts';
import { periodInstance } from './cap-warnings.ts';

export const SENT_WARNINGS_FILE = 'cap-warnings-sent.json';
export const sentWarningsKey = (profile: string): string => `profiles/${profile}/${SENT_WARNINGS_FILE}`;

export interface SentWarningsStore {
  /** for messages: where the keys are kept */
  readonly label: string;
  load(): Promise<Set<string>>;
  /** replaces the kept keys (only after a load) */
  save(keys: Iterable<string>): Promise<void>;
}

/** The keys of the periods under way at `now`; older ones can never match again. */
export function currentKeys(keys: Iterable<string>, now: Date): string[] {
  const current = new Set(CAP_PERIODS.map((period: CapPeriod) => `${periodInstance(period, now)}|${period}|`));
  return [...new Set(keys)].filter((key) => [...current].some((prefix) => key.startsWith(prefix))).sort();
}

const parseKeys = (text: string, where: string): string[] => {
  try {
    const parsed = JSON.parse(text) as { sent?: unknown };
    if (Array.isArray(parsed.sent) && parsed.sent.every((key) => typeof key === 'string')) return parsed.sent as string[];
  } catch {
    // reported below
  }
  throw new CagwError('CapWarningsStateInvalid', `${where} is not the list of cap warnings sent that cagw writes ({"sent": [...]})`, {
    source: 'user', where, fix: `delete ${where}: the warnings of the periods under way are then sent once more`,
  });
};

export function localSentWarningsStore(stateDir: string, now: () => Date = () => new Date()): SentWarningsStore {
  const path = join(stateDir, SENT_WARNINGS_FILE);
  return {
    label: path,
    async load() {
      return new Set(existsSync(path) ? parseKeys(readFileSync(path, 'utf8'), path) : []);
    },
    async save(keys) {
      writeFileSync(path, `${JSON.stringify({ sent: currentKeys(keys, now()) })}\n`, { mode: 0o600 });
    },
  };
}

export function bucketSentWarningsStore(access: StateAccess, now: () => Date = () => new Date()): SentWarningsStore {
  const key = sentWarningsKey(access.profile);
  let seen: { bucket: string; account: string; etag: string | undefined } | undefined;
  return {
    label: `the state bucket's ${key}`,
    async load() {
      const who = await callAws('reading the AWS account (sts:GetCallerIdentity)', () => access.sts.send(new GetCallerIdentityCommand({})), { awsProfile: access.awsProfile });
      const bucket = await stateBucketOf(access.s3, { account: who.Account ?? '', region: access.region, awsProfile: access.awsProfile });
      const got = await callAws(`reading the cap warnings sent, s3://${bucket.name}/${key}`, () => access.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: key, ExpectedBucketOwner: bucket.account })).then(
        async (object) => ({ etag: object.ETag, text: (await object.Body?.transformToString()) ?? '{}' }),
        (error: unknown) => {
          if ((error as Error)?.name === 'NoSuchKey') return undefined;
          throw error;
        },
      ), { awsProfile: access.awsProfile });
      seen = { bucket: bucket.name, account: bucket.account, etag: got?.etag };
      return new Set(got ? parseKeys(got.text, `s3://${bucket.name}/${key}`) : []);
    },
    async save(keys) {
      if (!seen) throw new Error('save before load');
      const place = seen;
      const condition = place.etag ? { IfMatch: place.etag } : { IfNoneMatch: '*' };
      await callAws(`saving the cap warnings sent to s3://${place.bucket}/${key}`, () => access.s3.send(new PutObjectCommand({
        Bucket: place.bucket, Key: key, Body: JSON.stringify({ sent: currentKeys(keys, now()) }), ContentType: 'application/json', ExpectedBucketOwner: place.account, ServerSideEncryption: 'AES256', ...condition,
      })).catch((error: unknown) => {
        const name = (error as Error)?.name;
        if (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || name === 'NoSuchKey') {
          throw new CagwError('CapWarningsChangedMeanwhile', `another reconciler saved the cap warnings sent in s3://${place.bucket}/${key} while this pass ran: the warnings of this pass went out but are not remembered`, {
            source: 'user', where: `s3://${place.bucket}/${key}`, fix: 'run one reconciler per profile (the scheduled one, or cagw caps reconcile --once, which takes the profile lock); a warning of this pass may be sent once more',
          });
        }
        throw error;
      }), { awsProfile: access.awsProfile, throttleRetries: 0 });
    },
  };
}
