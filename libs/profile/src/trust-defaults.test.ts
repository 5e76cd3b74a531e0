// The safe defaults of issue 14: MFA required, flow logs on, and sign-in limits sized for the
// VPN's shared addresses when the VPN is deployed.
import { describe, expect, test } from 'vitest';
import { loadWith } from './test-support.ts';

describe('trust defaults', () => {
  test('COGNITO_MFA defaults to required and VPC_FLOW_LOGS to true', () => {
    const { settings } = loadWith({});
    expect(settings?.COGNITO_MFA).toBe('required');
    expect(settings?.VPC_FLOW_LOGS).toBe(true);
    expect(settings?.ALLOWED_GROUPS).toEqual([]);
  });

  test('SIGNIN_RATE_LIMIT is the gateway default without the VPN and 200 behind it; a set value wins', () => {
    expect(loadWith({}).settings?.SIGNIN_RATE_LIMIT).toBe(10);
    expect(loadWith({ ENABLE_VPN: 'true' }).settings?.SIGNIN_RATE_LIMIT).toBe(200);
    expect(loadWith({ ENABLE_VPN: 'true', SIGNIN_RATE_LIMIT: '50' }).settings?.SIGNIN_RATE_LIMIT).toBe(50);
  });
});
