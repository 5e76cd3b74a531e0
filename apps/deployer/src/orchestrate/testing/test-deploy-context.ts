// What a deploy against the fake needs besides the client: every question answered yes, the
// stand-in steps and waits short enough for fake time, so a test names only what it varies.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { DeployContext } from '../deploy-plan.ts';
import { fakeSteps } from './profile-fixture.ts';
import { RecordingDeployHost } from './recording-deploy-host.ts';

/** Waits for fake time: polls every few seconds, a six-hour ceiling. */
export const TEST_WAITS = { timing: { minDelay: 2, maxDelay: 10, maxWaitTime: 6 * 3600 }, eventPollMs: 3000 };

export function testDeployContext(cfn: CloudFormationClient, extra: Partial<DeployContext> = {}): DeployContext {
  return {
    cfn, host: new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true }), steps: fakeSteps(), ...TEST_WAITS, runId: 'test',
    ...extra,
  };
}
