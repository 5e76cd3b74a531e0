// The guard ladder's answers for stacks that are busy or failed: advice that can work in the
// state the stack is in, and no "recreate" of a stack that still holds resources.
import { expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { decideStackAction } from './deploy-reason.ts';
import type { LiveStack } from './live-stack.ts';

const live = (status: string, remaining?: LiveStack['remaining']): LiveStack => ({
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/claude-gateway-database/0f1e2d3c-4b5a-4697-8877-665544332211',
  status, statusReason: undefined, lastUpdated: undefined, parameters: {}, tags: {}, outputs: {}, templateBody: 'Resources: {}\n', ...(remaining ? { remaining } : {}),
});
const next = { templateBody: 'Resources: {}\n', parameters: {}, tags: {} };
const refusal = (status: string, remaining?: LiveStack['remaining']) => {
  try {
    decideStackAction('claude-gateway-database', live(status, remaining), next);
  } catch (e) {
    if (CagwError.is(e)) return e;
  }
  throw new Error(`${status} was not refused`);
};

test('cancel-update-stack is suggested only for UPDATE_IN_PROGRESS, the one state CancelUpdateStack accepts', () => {
  expect(refusal('UPDATE_IN_PROGRESS').fix).toContain('aws cloudformation cancel-update-stack --stack-name claude-gateway-database');
  for (const status of ['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS']) {
    const e = refusal(status);
    expect(e.code).toBe('StackBusy');
    expect(e.fix).not.toContain('cancel-update-stack');
    expect(e.fix).toContain('re-run cagw deploy');
  }
});

test('a failed create or delete that left resources is refused, naming them; one that left nothing is created again', () => {
  const db = { logicalId: 'Database', type: 'AWS::RDS::DBInstance', physicalId: 'claude-gateway-database-database-0a1b2c3d4e5f', status: 'DELETE_FAILED' };
  const e = refusal('DELETE_FAILED', [db]);
  expect(e.code).toBe('StackHoldsResources');
  expect(e.message).toContain('Database (AWS::RDS::DBInstance claude-gateway-database-database-0a1b2c3d4e5f, DELETE_FAILED)');
  expect(e.fix).toContain('--no-deletion-protection');
  expect(refusal('CREATE_FAILED', [{ logicalId: 'Topic', type: 'AWS::SNS::Topic', physicalId: 'arn:aws:sns:us-east-1:123456789012:t', status: 'CREATE_COMPLETE' }]).fix).toContain('aws cloudformation delete-stack --stack-name claude-gateway-database');
  expect(decideStackAction('claude-gateway-database', live('DELETE_FAILED', []), next).action).toBe('recreate');
  expect(decideStackAction('claude-gateway-database', live('ROLLBACK_COMPLETE'), next).action).toBe('recreate');
});
