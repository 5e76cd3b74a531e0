import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { tlsNamesInZone } from './tls-names-in-zone.ts';

test('the default gateway host inside ZONE passes', async () => {
  expect((await runOne(tlsNamesInZone, settingsFrom({ ZONE: 'internal.example.com' }))).status).toBe('pass');
});

test('a host that only ends with the zone text, not at a label boundary, fails', async () => {
  const r = await runOne(tlsNamesInZone, settingsFrom({ ZONE: 'example.com', GATEWAY_HOST: 'claude.badexample.com' }));
  expect(r).toMatchObject({ status: 'fail', message: 'GATEWAY_HOST claude.badexample.com is not inside ZONE example.com' });
});

test('managed TLS is skipped here (the public zone check covers it)', async () => {
  const r = await runOne(tlsNamesInZone, settingsFrom({ ZONE: '', DOMAIN_NAME: 'claude.example.com', PUBLIC_HOSTED_ZONE_ID: 'Z0123456789ABCDEFGHIJ' }));
  expect(r.status).toBe('skip');
});
