import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { networkAlbPrivate } from './network-alb-private.ts';
import { templatesOf } from './stack-templates.ts';
import { stacksTemplateSize } from './stacks-template-size.ts';

test('the templates a profile deploys follow its options', () => {
  expect(templatesOf({ idpMode: 'new-cognito', ENABLE_COLLECTOR: true, ENABLE_VPN: true })).toEqual(['network', 'database', 'gateway', 'idp-cognito-new', 'collector', 'client-vpn']);
  expect(templatesOf({ idpMode: 'byo', ENABLE_COLLECTOR: false, ENABLE_VPN: false })).toEqual(['network', 'database', 'gateway']);
});

test('the shipped templates fit the inline limit, and the largest is named', async () => {
  const r = await runOne(stacksTemplateSize, settingsFrom({ ENABLE_COLLECTOR: 'true', DOMAIN_NAME: 'claude.example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ', ZONE: '', ENABLE_VPN: 'true' }));
  expect(r).toMatchObject({ status: 'pass', message: expect.stringMatching(/^5 templates, the largest \(\S+\) \d+ of 51200 bytes$/) });
});

test('the shipped gateway load balancer is internal and IPv4-only', async () => {
  expect((await runOne(networkAlbPrivate, settingsFrom({}))).status).toBe('pass');
});
