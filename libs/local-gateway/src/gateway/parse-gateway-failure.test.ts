import { describe, expect, test } from 'vitest';
import { formatFieldPath, parseGatewayFailure } from './parse-gateway-failure.ts';

// Shapes as documented in gateway-runtime.md §1; the integration tests check the real binary.
describe('parseGatewayFailure', () => {
  test('schema issues become one error per field, unknown keys at the key itself', () => {
    const stderr = [
      '{"ts":1,"evt":"config.load"}',
      'claude gateway: [',
      '  {',
      '    "code": "invalid_type",',
      '    "expected": "object",',
      '    "received": "undefined",',
      '    "path": ["oidc", "client_secret"],',
      '    "message": "Required"',
      '  },',
      '  {',
      '    "code": "unrecognized_keys",',
      '    "keys": ["client_secrett", "extra"],',
      '    "path": ["oidc"],',
      '    "message": "Unrecognized key(s) in object: \'client_secrett\', \'extra\'"',
      '  }',
      ']',
    ].join('\n');
    const failure = parseGatewayFailure(stderr);
    expect(failure?.kind).toBe('schema');
    expect(failure?.errors.map((error) => error.path)).toEqual(['oidc.client_secret', 'oidc.client_secrett', 'oidc.extra']);
    expect(failure?.errors[0]).toMatchObject({ code: 'invalid_type', message: 'Required' });
  });

  test('a managed cli document lists each bad key under the policy path', () => {
    const stderr = [
      'claude gateway: managed.policies[0].cli invalid:',
      '  permissions: Invalid input: expected object, received string',
      '  availableModel: unknown settings key — fix the typo',
    ].join('\n');
    const failure = parseGatewayFailure(stderr);
    expect(failure?.kind).toBe('managed-settings');
    expect(failure?.errors).toEqual([
      { path: 'managed.policies[0].cli.permissions', message: 'Invalid input: expected object, received string' },
      { path: 'managed.policies[0].cli.availableModel', message: 'unknown settings key — fix the typo' },
    ]);
  });

  test('a plain sentence is one error without a path', () => {
    const failure = parseGatewayFailure('[gateway] x info y\nclaude gateway: undefined env var in config: NOT_SET\n');
    expect(failure).toMatchObject({ kind: 'message', errors: [{ path: '', message: 'undefined env var in config: NOT_SET' }] });
  });

  test('no prefix means no failure message', () => {
    expect(parseGatewayFailure('[gateway] 2026 info listening\n')).toBeUndefined();
  });

  test('paths print keys with dots and indexes in brackets', () => {
    expect(formatFieldPath(['managed', 'policies', 0, 'match'])).toBe('managed.policies[0].match');
    expect(formatFieldPath(['models', 0, 'upstream_model', 'bedrock-typo'])).toBe('models[0].upstream_model.bedrock-typo');
    expect(formatFieldPath([])).toBe('');
  });
});
