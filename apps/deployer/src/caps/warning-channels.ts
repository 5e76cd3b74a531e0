// Where the warnings before a cap go, from the profile: the SNS topic CAP_WARNING_TOPIC_ARN, else
// (deployed gateway only) the alarm topic of the observability stack, whose ALARM_EMAIL
// subscriber already gets the spend alarms; and the webhook whose https:// address is the secret
// CAP_WARNING_WEBHOOK_URL_ARN names (a chat webhook's address is its credential: never in a profile).
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { CagwError } from '@cagw/errors';
import type { Settings } from '@cagw/profile';
import { callAws } from '../orchestrate/aws-call.ts';
import { checkWebhookUrl, type WarningChannels } from './send-cap-warnings.ts';

export const NO_CHANNEL_FIX = 'set CAP_WARNING_TOPIC_ARN to an SNS topic, or CAP_WARNING_WEBHOOK_URL_ARN to the secret holding a webhook address; the deployed gateway also uses the alarm topic of its observability stack';

type ChannelSettings = Partial<Pick<Settings, 'CAP_WARNING_TOPIC_ARN' | 'CAP_WARNING_WEBHOOK_URL_ARN' | 'AWS_PROFILE'>> & Pick<Settings, 'stackNames'>;

export async function warningChannels(settings: ChannelSettings, aws: { secrets: () => SecretsManagerClient; cfn?: CloudFormationClient | undefined; sns?: (region: string) => SNSClient }): Promise<WarningChannels> {
  let topicArn = settings.CAP_WARNING_TOPIC_ARN;
  if (!topicArn && aws.cfn) topicArn = await alarmTopicOf(aws.cfn, settings.stackNames.observability, settings.AWS_PROFILE);
  const channels: WarningChannels = {};
  if (topicArn) {
    // the topic's own region (arn:aws:sns:<region>:<account>:<name>): Publish goes there
    const region = topicArn.split(':')[3] as string;
    channels.sns = { client: aws.sns ? aws.sns(region) : new SNSClient({ region, ...(settings.AWS_PROFILE ? { profile: settings.AWS_PROFILE } : {}) }), topicArn };
  }
  const arn = settings.CAP_WARNING_WEBHOOK_URL_ARN;
  if (arn) {
    const secret = await callAws(`reading the cap warning webhook address from ${arn} (secretsmanager:GetSecretValue)`, () => aws.secrets().send(new GetSecretValueCommand({ SecretId: arn })), { awsProfile: settings.AWS_PROFILE });
    const url = secret.SecretString?.trim();
    if (!url) {
      throw new CagwError('WebhookUrlRefused', `the secret ${arn} holds no text, so there is no webhook address to send cap warnings to`, {
        source: 'user', where: 'CAP_WARNING_WEBHOOK_URL_ARN', fix: 'put the https:// address of the incoming webhook into the secret as its plain-text value',
      });
    }
    // checked here so a wrong secret is named by its variable, never printed
    checkWebhookUrl(url, `the secret at CAP_WARNING_WEBHOOK_URL_ARN`);
    channels.webhookUrl = url;
  }
  return channels;
}

/** The AlarmTopicArn output of the observability stack; undefined when the stack does not exist. */
async function alarmTopicOf(cfn: CloudFormationClient, stackName: string, awsProfile: string | undefined): Promise<string | undefined> {
  const described = await callAws(`reading the outputs of stack ${stackName}`, () => cfn.send(new DescribeStacksCommand({ StackName: stackName })).catch((error: unknown) => {
    // DescribeStacks of a stack that does not exist: ValidationError "Stack with id X does not exist"
    if ((error as Error)?.name === 'ValidationError' && /does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }), { awsProfile });
  return described?.Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === 'AlarmTopicArn')?.OutputValue || undefined;
}
