import { MODEL_CATALOGUE, renderGatewayConfig } from '@cagw/config-render';
import { expect, test } from 'vitest';
import { runOne, settingsFrom } from '../test-support.ts';
import { configPolicyModels } from './config-policy-models.ts';

test('ENFORCE_MODELS ids from the catalogue and family aliases pass', async () => {
  const settings = settingsFrom({ ENFORCE_MODELS: `${MODEL_CATALOGUE[0]!.id},haiku` });
  expect((await runOne(configPolicyModels, settings)).status).toBe('pass');
});

test('a policy model the config does not offer fails, naming the model and the choices', async () => {
  const known = MODEL_CATALOGUE[0]!.id;
  const settings = settingsFrom({ ENFORCE_MODELS: known });
  const rendered = renderGatewayConfig(settings);
  const policies = rendered.config.managed!.policies.map((p) => ({ ...p, cli: { ...p.cli, availableModels: [known, 'claude-sonet-9'] } }));
  const r = await runOne(configPolicyModels, settings, { rendered: { ...rendered, config: { ...rendered.config, managed: { policies } } } });
  expect(r.status).toBe('fail');
  expect(r.message).toContain('"claude-sonet-9"');
  expect(r.message).not.toContain(`"${known}"`);
  expect(r.fix).toContain(MODEL_CATALOGUE[1]!.id);
});
