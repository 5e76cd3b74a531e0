// Shared by this package's tests: a small valid environment to vary one variable at a time.
import { loadSettings, type LoadedSettings } from './load-settings.ts';

export const validEnv: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  ZONE: 'internal.example.com',
  ALLOWED_DOMAINS: 'example.com',
  IDP_MODE: 'byo',
  OIDC_ISSUER: 'https://example.okta.com/oauth2/default',
  OIDC_CLIENT_ID: 'client-1',
  OIDC_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:oidc-AbCdEf',
  BUILD_IMAGE: 'true',
};

/** Loads validEnv with some variables changed; `undefined` removes one. */
export function loadWith(changes: Record<string, string | undefined>, files: Record<string, string> = {}): LoadedSettings {
  const env: Record<string, string | undefined> = { ...validEnv, ...changes };
  const readFile = (path: string) => {
    const name = Object.keys(files).find((f) => path.endsWith(f));
    if (name === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return files[name]!;
  };
  return loadSettings({ env, readFile });
}

export const problemVariables = (loaded: LoadedSettings) => loaded.problems.map((p) => p.variable);
