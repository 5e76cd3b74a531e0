// The least-privilege policy of whoever runs cagw deploy and destroy for one profile (a person
// or CI), made from what the code calls (deployer-calls.ts, read from the source), the image
// push, and, without bootstrap, what CloudFormation does with the caller's own credentials
// (the templates' resource types). With bootstrap, CloudFormation acts as the execution role
// instead, so the caller keeps only CloudFormation, iam:PassRole of that role, the image push,
// the state bucket and the few calls cagw makes itself.
import { partitionOf } from '../orchestrate/aws-partition.ts';
import { stagingBucketName } from '../orchestrate/staging-bucket.ts';
import { executionRoleArn, stateBucketName } from '../bootstrap/bootstrap-names.ts';
import { DEPLOYER_CALLS } from './deployer-calls.ts';
import { executionRoleStatements, type ResourceTypeUse } from './execution-role-policy.ts';
import { ACTIONS_FOR_FIELD, iamActionOf } from './iam-action.ts';
import type { PolicyStatement } from './policy-document.ts';

export interface DeployerPolicyInput {
  region: string;
  /** the account id when known; '*' matches any (iam-policy works offline) */
  account?: string | undefined;
  /** the profile's stack names (STACK_PREFIX-network, …) */
  stackNames: string[];
  /** the ECR repository the image is pushed to (ECR_REPO) */
  ecrRepository: string;
  /** the resource types of the profile's templates */
  resourceTypes: ResourceTypeUse[];
  bootstrapped: boolean;
}

// CloudFormation actions that name no stack (or may not), so they cannot be scoped to one
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html)
const ACCOUNT_WIDE_CFN = new Set(['DescribeStacks', 'ListStacks', 'ValidateTemplate', 'GetTemplateSummary', 'ListExports', 'DescribeAccountLimits']);

// What a registry push does besides the SDK calls: the Docker Registry API that buildah speaks
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html)
const IMAGE_PUSH_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DescribeImages', 'ecr:DescribeRepositories'];

// S3 actions on the staging bucket that only creating and setting it up needs: with bootstrap
// the bucket is the stack's, made by CloudFormation as the execution role
const BUCKET_SETUP_ACTIONS = new Set(['s3:CreateBucket', 's3:PutBucketOwnershipControls', 's3:PutBucketEncryption', 's3:PutEncryptionConfiguration', 's3:PutBucketPolicy', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:GetLifecycleConfiguration', 's3:GetBucketVersioning', 's3:PutBucketPublicAccessBlock']);

const CALL_SID = 'Call';
const sidOf = (prefix: string) => `${CALL_SID}${prefix.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase())}`;

/** The statements of the calls cagw makes itself, one per service (not CloudFormation, S3 or ECR), each on any resource. */
export const isOwnCallStatement = (s: PolicyStatement): boolean => s.Sid.startsWith(CALL_SID);

/**
 * The actions of the bootstrapped deployer's own calls, which the bootstrap's deploy role gets
 * besides CloudFormation, the execution role, the image push and the state bucket.
 */
export const bootstrappedOwnCallActions = (region: string, ecrRepository: string): string[] => deployerPolicyStatements({
  region, stackNames: [], ecrRepository, resourceTypes: [], bootstrapped: true,
}).filter(isOwnCallStatement).flatMap((s) => s.Action);

export function deployerPolicyStatements(input: DeployerPolicyInput): PolicyStatement[] {
  const partition = partitionOf(input.region).name;
  const account = input.account ?? '*';
  const stackArns = input.stackNames.map((n) => `arn:${partition}:cloudformation:${input.region}:${account}:stack/${n}/*`);
  const bucket = input.bootstrapped ? stateBucketName(account, input.region) : stagingBucketName({ account, region: input.region });
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  const repositoryArn = `arn:${partition}:ecr:${input.region}:${account}:repository/${input.ecrRepository}`;

  const calls = DEPLOYER_CALLS.flatMap(([client, operation]) => {
    const action = iamActionOf(client, operation);
    const extra = ACTIONS_FOR_FIELD[action];
    return [{ action, source: `${client} ${operation}` }, ...(extra ? [{ action: extra.action, source: `${client} ${operation} (${extra.field})` }] : [])];
  })
    .filter((c) => !(input.bootstrapped && BUCKET_SETUP_ACTIONS.has(c.action)));
  const statements: PolicyStatement[] = [];
  const add = (Sid: string, entries: { action: string; source: string }[], Resource: string[], Condition?: PolicyStatement['Condition']) => {
    if (entries.length === 0) return;
    const actions = [...new Set(entries.map((e) => e.action))].sort();
    statements.push({ Sid, Effect: 'Allow', Action: actions, Resource, ...(Condition ? { Condition } : {}), source: [...new Set(entries.map((e) => `${e.action}: ${e.source}`))].sort() });
  };
  const byPrefix = (prefix: string) => calls.filter((c) => c.action.startsWith(`${prefix}:`));

  const cfn = byPrefix('cloudformation');
  const createChangeSet = cfn.filter((c) => c.action === 'cloudformation:CreateChangeSet');
  const stackScoped = cfn.filter((c) => !ACCOUNT_WIDE_CFN.has(c.action.split(':')[1] as string) && !(input.bootstrapped && c.action === 'cloudformation:CreateChangeSet'));
  add('CloudFormationStacks', stackScoped, stackArns);
  if (input.bootstrapped) {
    // a change set only with the execution role: cloudformation:RoleArn is the RoleARN the request names
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html#using-iam-template-conditions)
    const role = executionRoleArn(account, input.region);
    add('CloudFormationChangeSetsAsExecutionRole', createChangeSet, stackArns, { StringLike: { 'cloudformation:RoleArn': role } });
    add('PassExecutionRole', [{ action: 'iam:PassRole', source: 'RoleARN on every change set (cagw bootstrap)' }], [role], { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
  }
  add('CloudFormationRead', cfn.filter((c) => ACCOUNT_WIDE_CFN.has(c.action.split(':')[1] as string)), ['*']);

  const s3 = byPrefix('s3');
  add('StateBucket', s3.filter((c) => !/Object$/.test(c.action)), [bucketArn]);
  add('StateBucketObjects', s3.filter((c) => /Object$/.test(c.action)), [`${bucketArn}/*`]);
  const stateArn = `arn:${partition}:s3:::${stateBucketName(account, input.region)}`;
  // the bootstrap's bucket is looked for first (HeadBucket), and written through its KMS key, which
  // also encrypts the VPN CA's passphrase in Secrets Manager (vpn/ca-passphrase-secret.ts)
  const through = (service: string) => `${service}.${input.region}.${partitionOf(input.region).dnsSuffix}`;
  const keySource = 'PutObject to the SSE-KMS state bucket; CreateSecret/GetSecretValue of the VPN CA passphrase under its key';
  if (!input.bootstrapped) add('FindBootstrapStateBucket', s3.filter((c) => c.action === 's3:ListBucket'), [stateArn]);
  else add('StateBucketKey', [{ action: 'kms:GenerateDataKey', source: keySource }, { action: 'kms:Decrypt', source: keySource }], ['*'], { StringEquals: { 'kms:ViaService': [through('s3'), through('secretsmanager')] } });

  add('ImagePush', [...IMAGE_PUSH_ACTIONS.map((action) => ({ action, source: 'image push (buildah to ECR)' })), ...byPrefix('ecr').filter((c) => c.action !== 'ecr:GetAuthorizationToken')], [repositoryArn]);
  add('RegistryLogin', byPrefix('ecr').filter((c) => c.action === 'ecr:GetAuthorizationToken'), ['*']);

  const rest = calls.filter((c) => !['cloudformation', 's3', 'ecr'].includes(c.action.split(':')[0] as string));
  for (const prefix of [...new Set(rest.map((c) => c.action.split(':')[0] as string))].sort()) add(sidOf(prefix), byPrefix(prefix), ['*']);

  // without bootstrap CloudFormation creates the resources with the caller's own credentials
  if (!input.bootstrapped) statements.push(...executionRoleStatements(input.resourceTypes));
  return statements;
}
