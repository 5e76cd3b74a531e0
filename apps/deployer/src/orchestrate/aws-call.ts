// Every AWS call of the deployer goes through here: throttling that outlasts the SDK's own
// retries is retried a few more times (only for calls that are safe to repeat), expired or
// missing credentials become one clear error with the login command, and anything else
// keeps the SDK error's name and message plus what cagw was doing.
import { CagwError } from '@cagw/errors';

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);
const CREDENTIALS = new Set([
  'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'CredentialsProviderError',
  'TokenRefreshRequired', 'InvalidSignatureException', 'RequestExpired',
]);

export interface AwsCallOptions {
  /** AWS_PROFILE, for the login command in the fix */
  awsProfile?: string | undefined;
  /** how many extra attempts on throttling (default 5; 0 for calls that are not idempotent) */
  throttleRetries?: number;
  signal?: AbortSignal | undefined;
}

// the identity signed in but may not do this: waiting or retrying cannot change that
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthFailure', 'UnauthorizedException']);

export const isThrottling = (e: unknown): boolean => THROTTLING.has((e as Error)?.name);
export const isCredentialError = (e: unknown): boolean => CREDENTIALS.has((e as Error)?.name);
export const isAccessDenied = (e: unknown): boolean => ACCESS_DENIED.has((e as Error)?.name);

export async function callAws<T>(doing: string, call: () => Promise<T>, options: AwsCallOptions = {}): Promise<T> {
  const retries = options.throttleRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (CagwError.is(e)) throw e;
      if (isThrottling(e) && attempt < retries && !options.signal?.aborted) {
        await sleep(Math.min(20_000, 1000 * 2 ** attempt));
        continue;
      }
      throw fromAws(e, doing, options.awsProfile);
    }
  }
}

export function fromAws(e: unknown, doing: string, awsProfile?: string): CagwError {
  const err = e as Error;
  if (isCredentialError(e)) {
    return new CagwError('AwsCredentialsExpired', `${doing}: the AWS credentials are missing or expired (${err.name}: ${err.message})`, {
      source: 'aws', where: awsProfile ? `AWS_PROFILE=${awsProfile}` : 'the default AWS credential chain',
      fix: `sign in again (aws sso login${awsProfile ? ` --profile ${awsProfile}` : ''}), then run the command again (a deploy skips the stacks already finished)`, cause: e,
    });
  }
  if (isAccessDenied(e)) {
    return new CagwError('AwsAccessDenied', `${doing}: the AWS identity may not do this (${err.name}: ${err.message})`, {
      source: 'aws', where: awsProfile ? `AWS_PROFILE=${awsProfile}` : 'the default AWS credential chain',
      fix: 'grant the deploying identity the action named in the message (or sign in with a role that has it), then run the command again', cause: e,
    });
  }
  if (isThrottling(e)) {
    return new CagwError('AwsThrottled', `${doing}: AWS kept throttling the request (${err.name}: ${err.message})`, {
      source: 'aws', fix: 'wait a minute, then run the command again (a deploy skips the stacks already finished)', cause: e,
    });
  }
  return new CagwError('AwsCallFailed', `${doing}: ${err?.name}: ${err?.message}`, { source: 'aws', cause: e });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
