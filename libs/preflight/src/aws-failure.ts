// An AWS error inside a check becomes that check's failure (or warning) naming the API and the
// error, with a fix for the usual causes. Never a pass: the original's zone checks passed
// when the Route 53 call itself failed.
import type { CheckOutcome } from './check.ts';

const CREDENTIAL_ERRORS = new Set([
  'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException',
  'CredentialsProviderError', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'TokenRefreshRequired',
]);
const ACCESS_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'NotAuthorized', 'AuthorizationError']);
const THROTTLE_ERRORS = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'PriorRequestNotComplete']);

export function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : 'Error';
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * @param api the call that failed, as an IAM action (`route53:GetHostedZone`), so the
 *   access-denied fix can name the permission to grant
 */
export function awsCallFailed(api: string, e: unknown, status: 'fail' | 'warn' = 'fail'): CheckOutcome {
  const name = errorName(e);
  return { status, message: `${api} failed: ${name}: ${errorMessage(e)}`, fix: fixFor(api, name) };
}

function fixFor(api: string, name: string): string {
  if (CREDENTIAL_ERRORS.has(name)) return 'refresh your AWS credentials (e.g. aws sso login --profile <AWS_PROFILE>) and re-run';
  if (ACCESS_ERRORS.has(name)) return `allow ${api} for the identity running cagw, or run cagw with a role that has it`;
  if (THROTTLE_ERRORS.has(name)) return 'AWS throttled the call: wait a minute and re-run';
  if (name === 'AbortError' || name === 'TimeoutError') return 'the call did not finish in time: check network access to AWS and re-run';
  return `see the AWS error above; re-run once it is resolved`;
}

/** true when the SDK error is the service's "no such thing" answer */
export function isNotFound(e: unknown, ...names: string[]): boolean {
  return names.includes(errorName(e));
}
