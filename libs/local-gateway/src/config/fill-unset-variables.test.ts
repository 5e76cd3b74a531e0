import { describe, expect, test } from 'vitest';
import { referencedVariables, throwawayValuesForUnset } from './fill-unset-variables.ts';

describe('variables of a gateway config', () => {
  const config = {
    session: { jwt_secret: '${GATEWAY_JWT_SECRET}' },
    oidc: { client_secret: '${file:/secrets/oidc}' },
    telemetry: { forward_to: [{ headers: { Authorization: 'Bearer ${OTEL_TOKEN} and ${OTEL_TOKEN}' } }] },
    admin: { write_keys: [{ id: 'tf', key: '${ADMIN_KEY}' }] },
    note: 'price is $5 {not a ref}',
  };

  test('finds every ${VAR} once, in nested lists and inside longer strings, and skips ${file:…}', () => {
    expect(referencedVariables(config)).toEqual(['GATEWAY_JWT_SECRET', 'OTEL_TOKEN', 'ADMIN_KEY']);
  });

  test('fills only the unset ones, with distinct values long enough for a jwt_secret', () => {
    const filled = throwawayValuesForUnset(config, { OTEL_TOKEN: 'set' });
    expect(Object.keys(filled)).toEqual(['GATEWAY_JWT_SECRET', 'ADMIN_KEY']);
    expect(filled.GATEWAY_JWT_SECRET?.length).toBeGreaterThanOrEqual(32);
    expect(filled.GATEWAY_JWT_SECRET).not.toBe(filled.ADMIN_KEY);
  });
});
