// Where the warnings before a cap go: the profile's topic, else the observability stack's alarm
// topic (none when that stack does not exist), and the webhook whose address is a secret.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, test } from 'vitest';
import { warningChannels } from './warning-channels.ts';

const STACKS = { observability: 'claude-gateway-observability' } as never;
const ALARM_TOPIC = 'arn:aws:sns:us-east-1:123456789012:claude-gateway-alarms';
const WEBHOOK_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cap-webhook-AbCdEf';

function aws(webhook: string | undefined, observability: 'deployed' | 'absent') {
  const secrets = new SecretsManagerClient({ region: 'us-east-1' });
  mockClient(secrets).on(GetSecretValueCommand, { SecretId: WEBHOOK_ARN }).resolves({ SecretString: webhook });
  const cfn = new CloudFormationClient({ region: 'us-east-1' });
  const described = mockClient(cfn).on(DescribeStacksCommand, { StackName: 'claude-gateway-observability' });
  if (observability === 'deployed') described.resolves({ Stacks: [{ StackName: 'claude-gateway-observability', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'AlarmTopicArn', OutputValue: ALARM_TOPIC }] }] });
  else described.rejects(Object.assign(new Error('Stack with id claude-gateway-observability does not exist'), { name: 'ValidationError' }));
  return { secrets: () => secrets, cfn };
}

test("the profile's topic, in its own region; else the observability stack's alarm topic; none without either", async () => {
  const own = await warningChannels({ CAP_WARNING_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:cap-warnings', stackNames: STACKS }, aws(undefined, 'deployed'));
  expect(own.sns?.topicArn).toBe('arn:aws:sns:eu-west-1:123456789012:cap-warnings');
  expect(await own.sns?.client.config.region()).toBe('eu-west-1');
  expect((await warningChannels({ stackNames: STACKS }, aws(undefined, 'deployed'))).sns?.topicArn).toBe(ALARM_TOPIC);
  expect(await warningChannels({ stackNames: STACKS }, aws(undefined, 'absent'))).toEqual({});
});

test('the webhook address comes from the secret, https only, and a refused one is never printed', async () => {
  const hook = 'https://hooks.example.com/services/T000/B000/s3cr3t';
  expect((await warningChannels({ CAP_WARNING_WEBHOOK_URL_ARN: WEBHOOK_ARN, stackNames: STACKS }, aws(hook, 'absent'))).webhookUrl).toBe(hook);
  const plain = warningChannels({ CAP_WARNING_WEBHOOK_URL_ARN: WEBHOOK_ARN, stackNames: STACKS }, aws('http://hooks.example.com/services/s3cr3t', 'absent'));
  await expect(plain).rejects.toMatchObject({ code: 'WebhookUrlRefused', where: 'the secret at CAP_WARNING_WEBHOOK_URL_ARN' });
  await expect(plain).rejects.not.toThrow(/s3cr3t/);
  await expect(warningChannels({ CAP_WARNING_WEBHOOK_URL_ARN: WEBHOOK_ARN, stackNames: STACKS }, aws('not a url s3cr3t', 'absent'))).rejects.not.toThrow(/s3cr3t/);
});
