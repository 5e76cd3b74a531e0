// planEdit on the plans of cagw's shipped profiles and one-variable edits of them: what each
// stack does, values that pass between stacks through outputs, and stacks switched on and off.
import { beforeAll, expect, test } from 'vitest';
import { planForProfile, realTemplates, shippedProfiles } from '../orchestrate/testing/profile-fixture.ts';
import type { DeploymentPlan } from '../orchestrate/stack-plan.ts';
import { planEdit, type PlanEdit } from './index.ts';

const FLAGSHIP = 'managed-newcognito-collector-vpn.env';
let templates: Record<string, string>;
let flagship: DeploymentPlan;
// both plans from one read of the templates, so only the edit differs
const planWith = async (env: Record<string, string>, file = FLAGSHIP) => (await planForProfile(file, { templates }, env)).plan;
beforeAll(async () => {
  templates = await realTemplates();
  flagship = await planWith({});
});

const changed = (edit: PlanEdit) => edit.stacks.flatMap((s) => s.changes.map((c) => `${s.name} ${c.action} ${c.logicalId}${c.unknown.length > 0 ? ' (unknown)' : ''}`));

test('the same profile changes nothing in any stack', async () => {
  const edit = planEdit(flagship, await planWith({}));
  expect(edit.stacks.map((s) => s.name)).toEqual([
    'claude-gateway-network', 'claude-gateway-database', 'claude-gateway-idp', 'claude-gateway-collector', 'claude-gateway-gateway', 'claude-gateway-vpn', 'claude-gateway-observability',
  ]);
  expect(edit.stacks.every((s) => s.changes.length === 0)).toBe(true);
  expect(edit.refusals).toEqual([]);
});

test('MIN_TASKS is an in-place update of the gateway\'s scalable target, naming MinCapacity', async () => {
  const edit = planEdit(flagship, await planWith({ MIN_TASKS: '3' }));
  expect(changed(edit)).toEqual(['claude-gateway-gateway modify ScalableTarget']);
  expect(edit.stacks.find((s) => s.name === 'claude-gateway-gateway')?.changes[0]).toMatchObject({
    type: 'AWS::ApplicationAutoScaling::ScalableTarget', causes: ['MinCapacity'], guarded: false, parameters: ['MinTasks'], unknown: [],
  });
});

test('VPN_CLIENT_CIDR replaces the guarded VPN endpoint; the stacks before it are untouched', async () => {
  const edit = planEdit(flagship, await planWith({ VPN_CLIENT_CIDR: '10.40.0.0/22' }));
  const vpn = edit.stacks.find((s) => s.name === 'claude-gateway-vpn');
  expect(vpn?.changes[0]).toMatchObject({ logicalId: 'Endpoint', type: 'AWS::EC2::ClientVpnEndpoint', action: 'replace', causes: ['ClientCidrBlock'], guarded: true, unknown: [] });
  expect(edit.stacks.filter((s) => s.changes.length > 0).map((s) => s.name)).toEqual(['claude-gateway-vpn']);
});

test('SERVER_CN makes new VPN certificates, known only when deploy makes them: the guarded endpoint may be replaced, never "no change"', async () => {
  const edit = planEdit(flagship, await planWith({ SERVER_CN: 'vpn.claude.example.com' }));
  const endpoint = edit.stacks.find((s) => s.name === 'claude-gateway-vpn')?.changes.find((c) => c.logicalId === 'Endpoint');
  expect(endpoint).toMatchObject({ action: 'replace', causes: ['AuthenticationOptions'], guarded: true });
  expect(endpoint?.unknown).toEqual([
    'depends on certificates.VpnClientRootCertificateArn, which is known only during the deploy',
    'depends on certificates.VpnServerCertificateArn, which is known only during the deploy',
  ]);
});

test('a value from another stack\'s output the edit may change is not known offline: VPC_CIDR reaches the database through the network stack', async () => {
  const edit = planEdit(flagship, await planWith({ VPC_CIDR: '10.50.0.0/16' }));
  expect(edit.stacks.find((s) => s.name === 'claude-gateway-network')?.changes.find((c) => c.logicalId === 'Vpc')).toMatchObject({ action: 'replace', causes: ['CidrBlock'], unknown: [] });
  const database = edit.stacks.find((s) => s.name === 'claude-gateway-database')?.changes;
  expect(database?.find((c) => c.logicalId === 'DbSubnetGroup')).toMatchObject({
    action: 'modify', causes: ['SubnetIds'], unknown: ['depends on claude-gateway-network.PrivateSubnetIds, which is known only during the deploy'],
  });
  expect(database?.find((c) => c.logicalId === 'Database')).toMatchObject({ guarded: true, unknown: [expect.stringContaining('claude-gateway-network.DatabaseSecurityGroupId')] });
});

test('ENABLE_VPN switched off removes every resource of the VPN stack; switched on adds them', async () => {
  const off = await planWith({ ENABLE_VPN: 'false' });
  const removed = planEdit(flagship, off).stacks.find((s) => s.name === 'claude-gateway-vpn')?.changes ?? [];
  expect(removed.length).toBeGreaterThan(3);
  expect(removed.every((c) => c.action === 'remove')).toBe(true);
  expect(removed.find((c) => c.logicalId === 'Endpoint')).toMatchObject({ guarded: true });
  const added = planEdit(off, flagship).stacks.find((s) => s.name === 'claude-gateway-vpn')?.changes ?? [];
  expect(added.map((c) => `${c.action} ${c.logicalId}`)).toEqual(removed.map((c) => `add ${c.logicalId}`));
});

test('nothing deployed yet: every stack of the plan is added', async () => {
  const edit = planEdit(undefined, flagship);
  expect(edit.stacks.every((s) => s.changes.length > 0 && s.changes.every((c) => c.action === 'add'))).toBe(true);
});

test('every shipped profile against itself: no change and no refusal in any stack', async () => {
  for (const file of shippedProfiles()) {
    const edit = planEdit(await planWith({}, file), await planWith({}, file));
    expect(edit.stacks.flatMap((s) => s.changes.map((c) => `${s.name} ${c.logicalId}`)), file).toEqual([]);
    expect(edit.refusals, file).toEqual([]);
  }
}, 60_000);

test('a new STACK_PREFIX creates new stacks while the old ones exist: names they hold are refused, each stack listed added and removed', async () => {
  const edit = planEdit(flagship, await planWith({ STACK_PREFIX: 'acme-gw' }));
  expect(edit.stacks.map((s) => s.name)).toEqual(expect.arrayContaining(['acme-gw-network', 'claude-gateway-network']));
  expect(edit.stacks.find((s) => s.name === 'claude-gateway-network')?.changes.every((c) => c.action === 'remove')).toBe(true);
  expect(edit.refusals.map((r) => `${r.variable}: ${r.message}`)).toEqual([
    'the stack name acme-gw-network: acme-gw-network: the new stack\'s ImageRepository (AWS::ECR::Repository) cannot be created while the old deployment\'s stacks exist: Resource of type \'AWS::ECR::Repository\' with identifier \'claude-apps-gateway\' already exists (claude-gateway-network ImageRepository holds it)',
    'the stack name acme-gw-idp: acme-gw-idp: the new stack\'s UserPoolDomain (AWS::Cognito::UserPoolDomain) cannot be created while the old deployment\'s stacks exist: Domain already associated with another user pool. (Service: CognitoIdentityProvider, Status Code: 400, Error Code: InvalidParameterException)',
  ]);
  // a stack that is only switched on meets no old stack of its own
  expect(planEdit(await planWith({ ENABLE_VPN: 'false' }), flagship).refusals).toEqual([]);
});
