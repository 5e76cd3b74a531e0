// Sends cap warnings: each to an SNS topic (its e-mail subscribers, finance and team leads) and,
// when one is set, to a webhook as a Slack-compatible body ({"text": …}, which Slack's incoming
// webhooks and their look-alikes take). The webhook must be https (the text names people and their
// spend) and is never followed through a redirect. Returns the keys sent, so the caller remembers
// only what went out; a failure names the warning and stops there.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CagwError } from '@cagw/errors';
import type { CapWarning } from './cap-warnings.ts';

export interface WarningChannels {
  sns?: { client: SNSClient; topicArn: string };
  webhookUrl?: string;
  fetchImpl?: typeof fetch;
}

/** Checks a webhook address before anything is sent to it. */
export function checkWebhookUrl(url: string, where: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // the text is not echoed: a webhook's address is its credential
    throw new CagwError('WebhookUrlRefused', `${where} is not a URL`, { source: 'user', where, fix: 'give the https:// address of the incoming webhook' });
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) {
    throw new CagwError('WebhookUrlRefused', `${where} must be an https:// address without a user name or password (it is ${parsed.protocol}//${parsed.host}): cap warnings name people and their spend`, {
      source: 'user',
      where,
      fix: 'use the https:// address the chat tool gives for its incoming webhook',
    });
  }
  return parsed;
}

// SNS Publish: the subject is ASCII, with no line break, under 100 characters
// (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, Subject)
export function snsSubject(warning: CapWarning): string {
  return `Spend cap ${warning.percent}% reached: ${warning.user}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 99);
}

export async function sendCapWarnings(warnings: CapWarning[], channels: WarningChannels): Promise<string[]> {
  const webhook = channels.webhookUrl ? checkWebhookUrl(channels.webhookUrl, 'the cap warning webhook') : undefined;
  const fetchImpl = channels.fetchImpl ?? fetch;
  const sent: string[] = [];
  for (const warning of warnings) {
    if (channels.sns) {
      try {
        await channels.sns.client.send(new PublishCommand({ TopicArn: channels.sns.topicArn, Subject: snsSubject(warning), Message: warning.text }));
      } catch (error) {
        throw notSent(warning, `SNS topic ${channels.sns.topicArn}`, `${(error as Error).name}: ${(error as Error).message}`, 'allow sns:Publish on the topic (and kms:GenerateDataKey on its key, if encrypted)', error);
      }
    }
    if (webhook) {
      const response = await fetchImpl(webhook, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: warning.text }) }).catch((error: unknown) => {
        throw notSent(warning, `the webhook at ${webhook.origin}`, (error as Error).message, 'check the webhook address and that it is reachable from here', error);
      });
      await response.body?.cancel();
      if (!response.ok) throw notSent(warning, `the webhook at ${webhook.origin}`, `it answered ${response.status}${response.status >= 300 && response.status < 400 ? ' (a redirect, not followed)' : ''}`, 'check the webhook address (the chat tool shows it with the integration)');
    }
    sent.push(warning.key);
  }
  return sent;
}

function notSent(warning: CapWarning, where: string, why: string, fix: string, cause?: unknown): CagwError {
  return new CagwError('CapWarningNotSent', `the ${warning.percent} % cap warning for ${warning.user} could not be sent to ${where}: ${why}`, { source: 'aws', where, fix: `${fix}; it is sent on the next pass`, ...(cause ? { cause } : {}) });
}
