// The AWS clients the deployer uses, from the default credential chain (AWS_PROFILE when
// set) in AWS_REGION. The SDK's own retries stay on, in adaptive mode, so throttling is
// absorbed before cagw sees it.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ACMClient } from '@aws-sdk/client-acm';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface DeployClients {
  cfn: CloudFormationClient;
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  ecr: ECRClient;
  acm: ACMClient;
  cloudwatch: CloudWatchClient;
  secrets: SecretsManagerClient;
  /** the template staging bucket (templates over the inline limit) and the account it is named from */
  s3?: S3Client;
  sts?: STSClient;
  /** the private zone a ZONE edit leaves behind, deleted after the deploy */
  route53?: Route53Client;
  /** the user pools an earlier destroy kept, named before a new pool is made */
  cognito?: CognitoIdentityProviderClient;
  /** for removing a stack the profile switched off (destroyDeployment lifts a database's protection) */
  rds: RDSClient;
}

export function createDeployClients(settings: { AWS_REGION: string; AWS_PROFILE?: string | undefined }): DeployClients {
  const config = {
    region: settings.AWS_REGION,
    credentials: fromNodeProviderChain(settings.AWS_PROFILE ? { profile: settings.AWS_PROFILE } : {}),
    retryMode: 'adaptive',
    maxAttempts: 8,
  };
  return {
    cfn: new CloudFormationClient(config),
    ecs: new ECSClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    ecr: new ECRClient(config),
    acm: new ACMClient(config),
    cloudwatch: new CloudWatchClient(config),
    secrets: new SecretsManagerClient(config),
    s3: new S3Client(config),
    sts: new STSClient(config),
    route53: new Route53Client(config),
    cognito: new CognitoIdentityProviderClient(config),
    rds: new RDSClient(config),
  };
}
