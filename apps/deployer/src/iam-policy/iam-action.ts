// The IAM action that authorises an SDK call. Almost always the service's prefix and the
// operation's name (the Service Authorization Reference lists each service's actions:
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html);
// the prefix is not always the client's name, and S3 names a few actions apart from their API.

/** The IAM prefix of each SDK client (the "service prefix" of its Service Authorization Reference page). */
export const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  '@aws-sdk/client-acm': 'acm',
  '@aws-sdk/client-bedrock': 'bedrock',
  '@aws-sdk/client-cloudformation': 'cloudformation',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-cognito-identity-provider': 'cognito-idp',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-rds': 'rds',
  '@aws-sdk/client-route-53': 'route53',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-service-quotas': 'servicequotas',
  '@aws-sdk/client-sts': 'sts',
};

// S3 operations authorised by an action of another name (each operation's "Permissions"
// section, https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html):
// HeadBucket needs s3:ListBucket, HeadObject s3:GetObject, the lifecycle and encryption
// configurations and the public access block their own names, ListObjectVersions s3:ListBucketVersions.
const S3_ACTIONS: Readonly<Record<string, string>> = {
  HeadBucket: 'ListBucket',
  HeadObject: 'GetObject',
  ListObjectsV2: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  DeleteObjects: 'DeleteObject',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
};

/**
 * Actions a call needs besides its own when it sets a field: CreateBucket with ObjectOwnership
 * also needs s3:PutBucketOwnershipControls (CreateBucket, "Permissions").
 */
export const ACTIONS_FOR_FIELD: Readonly<Record<string, { field: string; action: string }>> = {
  's3:CreateBucket': { field: 'ObjectOwnership', action: 's3:PutBucketOwnershipControls' },
};

/** 's3:ListBucket' for ('@aws-sdk/client-s3', 'HeadBucket'); throws for a client cagw does not know. */
export function iamActionOf(client: string, operation: string): string {
  const prefix = SERVICE_PREFIX[client];
  if (!prefix) throw new Error(`iamActionOf: no IAM service prefix known for ${client}; add it to SERVICE_PREFIX from its Service Authorization Reference page`);
  return `${prefix}:${prefix === 's3' ? (S3_ACTIONS[operation] ?? operation) : operation}`;
}

/** The SDK client package of a client instance's class name ('S3Client' -> '@aws-sdk/client-s3'). */
export const CLIENT_PACKAGE_OF_CLASS: Readonly<Record<string, string>> = {
  ACMClient: '@aws-sdk/client-acm',
  BedrockClient: '@aws-sdk/client-bedrock',
  CloudFormationClient: '@aws-sdk/client-cloudformation',
  CloudWatchClient: '@aws-sdk/client-cloudwatch',
  CloudWatchLogsClient: '@aws-sdk/client-cloudwatch-logs',
  CognitoIdentityProviderClient: '@aws-sdk/client-cognito-identity-provider',
  EC2Client: '@aws-sdk/client-ec2',
  ECRClient: '@aws-sdk/client-ecr',
  ECSClient: '@aws-sdk/client-ecs',
  ElasticLoadBalancingV2Client: '@aws-sdk/client-elastic-load-balancing-v2',
  IAMClient: '@aws-sdk/client-iam',
  KMSClient: '@aws-sdk/client-kms',
  RDSClient: '@aws-sdk/client-rds',
  Route53Client: '@aws-sdk/client-route-53',
  S3Client: '@aws-sdk/client-s3',
  SecretsManagerClient: '@aws-sdk/client-secrets-manager',
  ServiceQuotasClient: '@aws-sdk/client-service-quotas',
  STSClient: '@aws-sdk/client-sts',
};
