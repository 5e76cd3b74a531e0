// Which variables a parameter is made from, found by trying each changed variable alone.
import { expect, test } from 'vitest';
import { variablesBehindParameters, type PlanParameters } from './variables-behind-parameters.ts';

const before: PlanParameters = { idp: { AdminEmail: 'platform@example.com', GatewayHostname: 'claude.example.com' }, gateway: { GatewayHostname: 'claude.example.com', MinTasks: '2' } };
const after: PlanParameters = { idp: { AdminEmail: 'ops@example.com', GatewayHostname: 'gw.example.com' }, gateway: { GatewayHostname: 'gw.example.com', MinTasks: '2' } };

test('each parameter gets the variables whose edit alone changes it', async () => {
  const edited: Record<string, PlanParameters> = {
    COGNITO_ADMIN_EMAIL: { ...before, idp: { ...before.idp, AdminEmail: 'ops@example.com' } },
    DOMAIN_NAME: { idp: { ...before.idp, GatewayHostname: 'gw.example.com' }, gateway: { ...before.gateway, GatewayHostname: 'gw.example.com' } },
  };
  const variablesOf = await variablesBehindParameters(['COGNITO_ADMIN_EMAIL', 'DOMAIN_NAME'], { before, after }, async (variable) => ({ baseline: before, edited: edited[variable] ?? before }));
  expect(variablesOf('idp', 'AdminEmail')).toEqual(['COGNITO_ADMIN_EMAIL']);
  expect(variablesOf('gateway', 'GatewayHostname')).toEqual(['DOMAIN_NAME']);
  expect(variablesOf('gateway', 'MinTasks')).toEqual([]);
});

test('a variable that cannot be tried alone is given every changed parameter no other variable explains', async () => {
  const variablesOf = await variablesBehindParameters(['COGNITO_ADMIN_EMAIL', 'DOMAIN_NAME'], { before, after }, async (variable) =>
    (variable === 'DOMAIN_NAME' ? undefined : { baseline: before, edited: { ...before, idp: { ...before.idp, AdminEmail: 'ops@example.com' } } }));
  expect(variablesOf('idp', 'AdminEmail')).toEqual(['COGNITO_ADMIN_EMAIL']);
  expect(variablesOf('idp', 'GatewayHostname')).toEqual(['DOMAIN_NAME']);
  expect(variablesOf('gateway', 'GatewayHostname')).toEqual(['DOMAIN_NAME']);
});
