// Whether the account is bootstrapped in the client's region, as deploy asks it: the stack of the
// fixed name with this cagw's BootstrapVersion output, whose ExecutionRoleArn every change set then
// names as RoleARN. Asked once per client. Any failure to read it (no stack, no permission to
// describe it, a test double that does not know it) is "not bootstrapped": deploy then works as
// before bootstrap, and CloudFormation keeps using the role a stack was made with when a change
// set names none (CreateChangeSet, RoleARN).
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { BOOTSTRAP_STACK_NAME, BOOTSTRAP_VERSION } from './bootstrap-names.ts';

const asked = new WeakMap<CloudFormationClient, Promise<string | undefined>>();

export function executionRoleOfAccount(cfn: CloudFormationClient): Promise<string | undefined> {
  let answer = asked.get(cfn);
  if (!answer) {
    answer = Promise.resolve().then(() => cfn.send(new DescribeStacksCommand({ StackName: BOOTSTRAP_STACK_NAME }))).then((out) => {
      const stack = out?.Stacks?.find((s) => s.StackName === BOOTSTRAP_STACK_NAME && /_COMPLETE$/.test(s.StackStatus ?? '') && !/^DELETE|ROLLBACK_COMPLETE$/.test(s.StackStatus ?? ''));
      const output = (key: string) => stack?.Outputs?.find((o) => o.OutputKey === key)?.OutputValue;
      return output('BootstrapVersion') === BOOTSTRAP_VERSION ? output('ExecutionRoleArn') : undefined;
    }, () => undefined);
    asked.set(cfn, answer);
  }
  return answer;
}
