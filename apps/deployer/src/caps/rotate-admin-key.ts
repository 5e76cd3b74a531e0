// Rotates the gateway's admin write key (GATEWAY_ADMIN_WRITE_KEY_ARN) with no gap for cagw caps:
// a new random key becomes the secret's AWSCURRENT (the old one AWSPREVIOUS), then the gateway
// service rolls, since ECS reads a task's secrets only when the task starts. While tasks of both
// kinds serve, cagw caps holds both versions (admin-target.ts) and retries a 401 with the other;
// once the roll is done no task holds the old key any more. Never prints.
import { randomBytes, randomUUID } from 'node:crypto';
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CagwError } from '@cagw/errors';
import { callAws } from '../orchestrate/aws-call.ts';

export interface RotationClients {
  cfn: CloudFormationClient;
  ecs: ECSClient;
  secrets: SecretsManagerClient;
}

export interface GatewayService {
  cluster: string;
  service: string;
}

export interface AdminKeyRotation extends GatewayService {
  /** the Secrets Manager version that now carries AWSCURRENT */
  versionId: string;
  /** the ECS deployment the forced roll started */
  deploymentId: string | undefined;
}

/** A key the gateway accepts (32+ characters), 256 random bits. */
export function newAdminKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The gateway stack's ECS cluster and service (its ClusterName and ServiceName outputs). */
export async function gatewayService(cfn: CloudFormationClient, stackName: string): Promise<GatewayService> {
  const missing = new CagwError('GatewayNotDeployed', `stack ${stackName} has no gateway service to roll onto a new admin key`, {
    source: 'user',
    where: 'GATEWAY_STACK',
    fix: 'deploy the gateway first (cagw deploy), or point the profile at the stack that runs it (GATEWAY_STACK / STACK_PREFIX)',
  });
  const described = await callAws(`reading stack ${stackName}`, () => cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((error: unknown) => {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) throw missing;
    throw error;
  }));
  const outputs = Object.fromEntries((described.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  if (!outputs.ClusterName || !outputs.ServiceName) throw missing;
  return { cluster: outputs.ClusterName, service: outputs.ServiceName };
}

/** Puts `key` as the secret's new AWSCURRENT and starts the roll of `service`; waiting for it is the caller's. */
export async function rotateAdminKey(arn: string, key: string, service: GatewayService, clients: RotationClients): Promise<AdminKeyRotation> {
  let versionId: string;
  try {
    // PutSecretValue moves AWSCURRENT to the new version and AWSPREVIOUS to the one it replaces
    // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html)
    const put = await clients.secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: key, ClientRequestToken: randomUUID() }));
    versionId = put.VersionId ?? '';
  } catch (error) {
    throw new CagwError('AdminKeyRotationFailed', `cannot store a new admin write key in ${arn}: ${(error as Error).name}: ${(error as Error).message}`, {
      source: 'aws',
      where: 'GATEWAY_ADMIN_WRITE_KEY_ARN',
      fix: 'use credentials allowed secretsmanager:PutSecretValue on that secret (and kms:GenerateDataKey on SECRETS_KMS_KEY_ARN if set); nothing changed',
      cause: error,
    });
  }
  try {
    // a task reads its secrets when it starts, so only new tasks get the new key
    const updated = await clients.ecs.send(new UpdateServiceCommand({ cluster: service.cluster, service: service.service, forceNewDeployment: true }));
    const primary = updated.service?.deployments?.find((d) => d.status === 'PRIMARY');
    return { ...service, versionId, deploymentId: primary?.id };
  } catch (error) {
    throw new CagwError('AdminKeyRotationFailed', `stored the new admin write key, but could not roll ${service.service}: ${(error as Error).name}: ${(error as Error).message}`, {
      source: 'aws',
      where: `${service.cluster}/${service.service}`,
      fix: `cagw caps keeps working with both keys meanwhile; roll the service with credentials allowed ecs:UpdateService: aws ecs update-service --cluster ${service.cluster} --service ${service.service} --force-new-deployment (do not rotate again before it has rolled: the old key would leave the secret while tasks still hold it)`,
      cause: error,
    });
  }
}
