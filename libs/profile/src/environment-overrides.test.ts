// Issue 22, "overrides are visible": an environment value for a variable the profile leaves at
// its default changes the deployment as much as one that replaces a profile line.
import { expect, test } from 'vitest';
import { loadSettingsOrThrow } from './load-settings.ts';
import { validEnv } from './test-support.ts';

const load = (env: Record<string, string>) => loadSettingsOrThrow({ profilePath: '/profiles/test.env', env: { ...validEnv, ...env }, readFile: () => 'AWS_REGION=us-east-1\nBUILD_IMAGE=true\n' });

test('a variable the profile leaves at its default, set in the environment, is reported with the default it overrides', () => {
  const { settings, overrides } = load({ MAX_TASKS: '7' });
  expect(settings.MAX_TASKS).toBe(7);
  expect(overrides).toEqual([{ variable: 'MAX_TASKS', where: 'default', secret: false, environmentValue: '7', defaultValue: '10' }]);
});

test('the default value itself, or a variable without a default, is no override', () => {
  expect(load({ MAX_TASKS: '10', AWS_PROFILE: 'team' }).overrides).toEqual([]);
});
