import { describe, expect, test } from 'vitest';
import {
  awsRegion, boolean, certificateArn, cognitoPoolId, decimal, domainName, emailAddress, hostedZoneId, httpsUrl, imageUri,
  integer, ipv4Cidr, listOf, oneOf, releaseVersion, secretArn, type ValueType,
} from './value-types.ts';

const cases: [string, ValueType<unknown>, string, unknown, string][] = [
  // name, type, good raw, parsed value, bad raw
  ['boolean', boolean, 'false', false, 'yes'],
  ['integer', integer(1, 10), '7', 7, '11'],
  ['decimal', decimal(1, 100), '87.5', 87.5, '-3'],
  ['oneOf', oneOf(['a', 'b']), 'b', 'b', 'c'],
  ['domainName', domainName, 'claude.example.com', 'claude.example.com', 'claude_example.com'],
  ['ipv4Cidr', ipv4Cidr(16, 24), '10.20.0.0/16', '10.20.0.0/16', '10.20.0.0/8'],
  ['emailAddress', emailAddress, 'a.b@example.com', 'a.b@example.com', 'a b@example.com'],
  ['httpsUrl', httpsUrl, 'https://x.example.com/p', 'https://x.example.com/p', 'http://x.example.com'],
  ['awsRegion', awsRegion, 'eu-central-1', 'eu-central-1', 'europe'],
  ['secretArn', secretArn, 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:a/b-Xy12Ab', 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:a/b-Xy12Ab', 'arn:aws:ssm:us-east-1:123456789012:parameter/x'],
  ['certificateArn', certificateArn, 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'arn:aws:acm:us-east-1:123456789012:certificate/nope'],
  ['hostedZoneId', hostedZoneId, 'Z0123456789ABC', 'Z0123456789ABC', '/hostedzone/Z01'],
  ['cognitoPoolId', cognitoPoolId, 'us-east-1_AbC123', 'us-east-1_AbC123', 'us-east-1-AbC123'],
  ['imageUri', imageUri, `123456789012.dkr.ecr.us-east-1.amazonaws.com/gw@sha256:${'f'.repeat(64)}`, `123456789012.dkr.ecr.us-east-1.amazonaws.com/gw@sha256:${'f'.repeat(64)}`, '123456789012.dkr.ecr.us-east-1.amazonaws.com/gw:2.1.330'],
  ['releaseVersion', releaseVersion, '2.1.330', '2.1.330', 'latest'],
  ['listOf', listOf(domainName), ' a.com , b.org', ['a.com', 'b.org'], 'a.com,,b.org'],
];

describe.each(cases)('%s', (_name, type, good, parsed, badRaw) => {
  test('accepts a valid value', () => expect(type.parse(good)).toEqual({ ok: true, value: parsed }));
  test('rejects an invalid one with a message and a fix', () => {
    const result = type.parse(badRaw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.length).toBeGreaterThan(0);
      expect(result.fix.length).toBeGreaterThan(0);
    }
  });
});

describe('helpful fixes', () => {
  test('a yes/no boolean is answered with the word to write', () => {
    expect(boolean.parse('yes')).toMatchObject({ ok: false, fix: 'write true' });
    expect(boolean.parse('OFF')).toMatchObject({ ok: false, fix: 'write false' });
  });
  test('a CIDR that is not a network address suggests the network address', () => {
    expect(ipv4Cidr().parse('10.20.0.1/16')).toMatchObject({ ok: false, fix: 'write 10.20.0.0/16' });
  });
  test('an enum value in the wrong case suggests the right spelling', () => {
    expect(oneOf(['new-cognito', 'byo']).parse('BYO')).toMatchObject({ ok: false, fix: 'write byo' });
  });
  test('an upper-case domain suggests the lower-case one', () => {
    expect(domainName.parse('Claude.Example.com')).toMatchObject({ ok: false, fix: 'write claude.example.com' });
  });
  test('an IPv6 block is refused', () => {
    expect(ipv4Cidr().parse('fd00::/64').ok).toBe(false);
  });
});

describe('amountsByKey and percentages', () => {
  test('pairs parse into key and USD, spaces ignored', async () => {
    const { amountsByKey, percentages } = await import('./value-types.ts');
    expect(amountsByKey(domainName, 'a.com=1').parse(' a.com=1.5 , b.org=2')).toEqual({ ok: true, value: [{ key: 'a.com', usd: 1.5 }, { key: 'b.org', usd: 2 }] });
    expect(amountsByKey(domainName, 'a.com=1').parse('a.com')).toMatchObject({ ok: false });
    expect(percentages.parse('90,80,90')).toEqual({ ok: true, value: [80, 90] });
  });
});
