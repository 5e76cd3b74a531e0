// Every test on the fake CloudFormation starts the same way (STYLE rule 20): a mocked client
// whose wide matcher, declared first, fails any command the fake does not model; the fake reset
// and installed before each test; fake timers, since its stacks change status on timers. One
// place for it, so no test file can drop the strict matcher or the reset. Called at the top of a
// file, or inside a describe, it registers the hooks there.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, vi } from 'vitest';
import { FakeCloudFormation, type FakeCloudFormationOptions } from './fake-cloudformation.ts';

export function useStrictFakeCloudFormation(options: FakeCloudFormationOptions = {}) {
  const mock = mockClient(CloudFormationClient);
  const fake = new FakeCloudFormation(options);
  const cfn = new CloudFormationClient({ region: 'us-east-1' });
  beforeEach(() => {
    vi.useFakeTimers();
    mock.reset();
    mock.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
    fake.reset();
    fake.install(mock);
  });
  afterEach(() => vi.useRealTimers());
  return { mock, fake, cfn };
}
