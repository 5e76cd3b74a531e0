import { expect, test } from 'vitest';
import type { NodeReview } from '../orchestrate/deploy-plan.ts';
import { formatChanges } from './format-changes.ts';

const review = (r: Partial<NodeReview>): NodeReview => ({ node: 'vpn', stackName: 'cg-vpn', kind: 'stack', action: 'update', reason: 'parameters changed: ClientRootCertificateArn', changes: [], plannedFromTemplate: false, exists: true, ...r });

test('adds, modifies and removes in one stable format, replacements called out', () => {
  const text = formatChanges([
    review({ changes: [
      { action: 'Modify', logicalId: 'Endpoint', type: 'AWS::EC2::ClientVpnEndpoint', replacement: 'True' },
      { action: 'Add', logicalId: 'Rule', type: 'AWS::EC2::ClientVpnAuthorizationRule', replacement: undefined },
      { action: 'Remove', logicalId: 'Old', type: 'AWS::Logs::LogGroup', replacement: undefined },
    ] }),
    review({ node: 'network', stackName: 'cg-network', action: 'unchanged', reason: 'same', exists: true }),
    review({ node: 'gateway', stackName: 'cg-gateway', action: 'pending', reason: 'inputs from other stacks pending', plannedFromTemplate: true }),
  ]);
  expect(text.split('\n')).toEqual([
    'cg-vpn: update — parameters changed: ClientRootCertificateArn',
    '  ~ Endpoint                             AWS::EC2::ClientVpnEndpoint  REPLACES the resource',
    '  + Rule                                 AWS::EC2::ClientVpnAuthorizationRule',
    '  - Old                                  AWS::Logs::LogGroup',
    'cg-network: no changes',
    'cg-gateway: planned from template, inputs pending — inputs from other stacks pending',
    '',
    '1 resource(s) will be replaced: cg-vpn/Endpoint',
  ]);
});
