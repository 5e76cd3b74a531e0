import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, test } from 'vitest';
import type { CapWarning } from './cap-warnings.ts';
import { sendCapWarnings, snsSubject } from './send-cap-warnings.ts';

const warning: CapWarning = { key: 'k1', covers: ['k0', 'k1'], percent: 90, period: 'daily', capOf: 'group:contractors', user: 'bob@example.com', text: 'bob@example.com has spent $4.60 of …' };
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:cap-warnings';

function recordingFetch(status = 200) {
  const calls: { url: string; init: RequestInit }[] = [];
  const impl = (async (url: URL, init: RequestInit) => {
    calls.push({ url: String(url), init });
    return new Response(null, { status });
  }) as unknown as typeof fetch;
  return { calls, impl };
}

test('each warning goes to the SNS topic and to the webhook as {"text": …}, without following a redirect; the keys sent come back', async () => {
  const client = new SNSClient({ region: 'eu-west-1' });
  const sns = mockClient(client);
  sns.on(PublishCommand).resolves({ MessageId: 'm1' });
  const web = recordingFetch();
  const sent = await sendCapWarnings([warning], { sns: { client, topicArn }, webhookUrl: 'https://hooks.example.com/T1/B2', fetchImpl: web.impl });
  expect(sent).toEqual(['k1']);
  expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([{ TopicArn: topicArn, Subject: 'Spend cap 90% reached: bob@example.com', Message: warning.text }]);
  expect(web.calls.map(({ url, init }) => [url, init.method, init.redirect, JSON.parse(init.body as string)])).toEqual([['https://hooks.example.com/T1/B2', 'POST', 'manual', { text: warning.text }]]);
});

test('a webhook that is not https is refused before anything is sent', async () => {
  const web = recordingFetch();
  await expect(sendCapWarnings([warning], { webhookUrl: 'http://hooks.example.com/x', fetchImpl: web.impl })).rejects.toThrow(/must be an https:\/\/ address/);
  expect(web.calls).toEqual([]);
});

test('a webhook answering a redirect or an error is not counted as sent, and the message says which warning', async () => {
  await expect(sendCapWarnings([warning], { webhookUrl: 'https://hooks.example.com/x', fetchImpl: recordingFetch(302).impl })).rejects.toThrow(/90 % cap warning for bob@example.com .*302 \(a redirect, not followed\)/);
});

test('the SNS subject is ASCII without line breaks and under 100 characters, as Publish requires', () => {
  const subject = snsSubject({ ...warning, user: `zoë\n${'x'.repeat(200)}@example.com` });
  expect(subject.length).toBeLessThan(100);
  expect(subject).toMatch(/^[\x20-\x7e]+$/);
});
