// The names cagw bootstrap gives what it makes in an account and region, fixed so that deploy,
// iam-policy and a later bootstrap find them without asking: the stack, its version output, the
// state bucket and the two roles. IAM is global, so the role names carry the region.
import { partitionOf } from '../orchestrate/aws-partition.ts';

export const BOOTSTRAP_STACK_NAME = 'cagw-bootstrap';
/** The bootstrap template's version (its BootstrapVersion output); a different one in the account is refused. */
export const BOOTSTRAP_VERSION = '1';

/** cagw-state-<account>-<region>: at most 63 characters, lowercase, as bucket names must be. */
export const stateBucketName = (account: string, region: string): string => `cagw-state-${account}-${region}`;
export const executionRoleName = (region: string): string => `cagw-cfn-exec-${region}`;
export const deployRoleName = (region: string): string => `cagw-deploy-${region}`;

export const executionRoleArn = (account: string, region: string): string => `arn:${partitionOf(region).name}:iam::${account}:role/${executionRoleName(region)}`;
