import { renderGatewayConfig } from '@cagw/config-render';
import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { configByteBudget } from './config-byte-budget.ts';

const settings = settingsFrom({});

test('a config within the parameter limit passes with its size', async () => {
  const r = await runOne(configByteBudget, settings);
  expect(r.status).toBe('pass');
  expect(r.message).toMatch(/^packed config is \d+\/4096 bytes$/);
});

test('a config over the limit fails with the overshoot and what to trim', async () => {
  const rendered = renderGatewayConfig(settings);
  const r = await runOne(configByteBudget, settings, { rendered: { ...rendered, budget: { ...rendered.budget, packedBytes: 5000, fits: false } } });
  expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('5000 bytes, 904 over the 4096-byte') });
  expect(r.fix).toMatch(/trim the group policies/);
});

test('a config that was not rendered fails instead of passing', async () => {
  expect((await runOne(configByteBudget, settings, { rendered: undefined })).status).toBe('fail');
});
