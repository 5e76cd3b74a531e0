import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { cidrContains, cidrsOverlap, networkCidrs } from './network-cidrs.ts';

test('overlap and containment follow the prefix lengths', () => {
  expect(cidrsOverlap('10.20.0.0/16', '10.20.128.0/17')).toBe(true);
  expect(cidrsOverlap('10.20.0.0/16', '10.21.0.0/16')).toBe(false);
  expect(cidrContains('10.30.0.0/16', '10.30.0.0/22')).toBe(true);
  expect(cidrContains('10.30.0.0/22', '10.30.0.0/16')).toBe(false);
});

test('the defaults with the VPN on pass', async () => {
  expect((await runOne(networkCidrs, settingsFrom({ ENABLE_VPN: 'true' }))).status).toBe('pass');
});

test('a VPN pool outside CLIENT_CIDR warns', async () => {
  const r = await runOne(networkCidrs, settingsFrom({ ENABLE_VPN: 'true', CLIENT_CIDR: '192.168.0.0/16', VPN_CLIENT_CIDR: '10.40.0.0/22' }));
  expect(r).toMatchObject({ status: 'warn', message: 'VPN_CLIENT_CIDR 10.40.0.0/22 is outside CLIENT_CIDR 192.168.0.0/16' });
});

test('a VPC in public address space warns', async () => {
  const r = await runOne(networkCidrs, settingsFrom({ VPC_CIDR: '54.20.0.0/16' }));
  expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('not in private address space') });
});
