import { renderGatewayConfig } from '@cagw/config-render';
import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { configPolicyModels } from './config-policy-models.ts';

test('ENFORCE_MODELS ids from the catalogue and family aliases pass', async () => {
  const settings = settingsFrom({ ENFORCE_MODELS: 'claude-sonnet-4-6,haiku' });
  expect((await runOne(configPolicyModels, settings)).status).toBe('pass');
});

test('a policy model the config does not offer fails, naming the model and the choices', async () => {
  const settings = settingsFrom({ ENFORCE_MODELS: 'claude-sonnet-4-6' });
  const rendered = renderGatewayConfig(settings);
  const policies = rendered.config.managed!.policies.map((p) => ({ ...p, cli: { ...p.cli, availableModels: ['claude-sonnet-4-6', 'claude-sonet-9'] } }));
  const r = await runOne(configPolicyModels, settings, { rendered: { ...rendered, config: { ...rendered.config, managed: { policies } } } });
  expect(r.status).toBe('fail');
  expect(r.message).toContain('"claude-sonet-9"');
  expect(r.message).not.toContain('"claude-sonnet-4-6"');
  expect(r.fix).toContain('claude-opus-4-8');
});
