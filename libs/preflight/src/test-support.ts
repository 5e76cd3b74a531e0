// Test helpers: Settings from a few profile values, and injected clients with nothing real.
import { loadSettings, type Settings } from '@cagw/profile';
import type { AwsClients, PreflightClients } from './preflight-clients.ts';

const BASE: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  ALLOWED_DOMAINS: 'example.com',
  ZONE: 'internal.example.com',
  IDP_MODE: 'byo',
  OIDC_ISSUER: 'https://idp.example.com',
  OIDC_CLIENT_ID: 'gateway',
  OIDC_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw/oidc-AbCdEf',
  BUILD_IMAGE: 'true',
};

/** Settings from the base values plus `values` (a value of '' removes a base value). */
export function settingsFrom(values: Record<string, string>, readFile?: (path: string) => string): Settings {
  const env = Object.fromEntries(Object.entries({ ...BASE, ...values }).filter(([, v]) => v !== ''));
  const loaded = loadSettings({ env, ...(readFile ? { readFile, profilePath: '/profiles/test.env' } : {}) });
  if (!loaded.settings) throw new Error(`test settings are invalid: ${loaded.problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
  return loaded.settings;
}

const unusable = (what: string) => async () => { throw new Error(`the test did not expect a ${what} call`); };

export function fakeClients(overrides: Partial<PreflightClients> = {}): PreflightClients {
  return {
    aws: {} as AwsClients,
    dns: { resolve4: unusable('DNS'), resolve6: unusable('DNS'), resolveNs: unusable('DNS') },
    fetch: unusable('fetch'),
    findExecutable: async () => undefined,
    ...overrides,
  };
}
