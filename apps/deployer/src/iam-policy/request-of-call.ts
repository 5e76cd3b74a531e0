// What IAM evaluates for one SDK call: its action, the resource it names (a stack, a bucket or
// object, a repository; '*' otherwise) and the context keys the request sets. A change set
// naming a RoleARN is two requests, as in AWS: the change set, and iam:PassRole of that role
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
import { partitionOf } from '../orchestrate/aws-partition.ts';
import { ACTIONS_FOR_FIELD, CLIENT_PACKAGE_OF_CLASS, iamActionOf } from './iam-action.ts';
import type { PolicyRequest } from './policy-evaluator.ts';

export interface SdkCallSeen {
  /** the client's class name ('CloudFormationClient') */
  clientClass: string;
  /** the command's class name ('CreateChangeSetCommand') */
  commandClass: string;
  input: Record<string, unknown>;
}

export function requestsOfCall(call: SdkCallSeen, where: { region: string; account: string }): PolicyRequest[] {
  const client = CLIENT_PACKAGE_OF_CLASS[call.clientClass];
  if (!client) throw new Error(`requestsOfCall: no SDK package known for ${call.clientClass}`);
  const action = iamActionOf(client, call.commandClass.replace(/Command$/, ''));
  const partition = partitionOf(where.region).name;
  const str = (k: string) => (typeof call.input[k] === 'string' ? (call.input[k] as string) : undefined);
  let resource = '*';
  const context: Record<string, string> = {};
  if (action.startsWith('cloudformation:') && str('StackName')) {
    const name = str('StackName') as string;
    resource = name.startsWith('arn:') ? name : `arn:${partition}:cloudformation:${where.region}:${where.account}:stack/${name}/00000000-0000-0000-0000-000000000000`;
    if (str('RoleARN')) context['cloudformation:RoleArn'] = str('RoleARN') as string;
  } else if (action.startsWith('s3:') && str('Bucket')) {
    resource = `arn:${partition}:s3:::${str('Bucket')}${str('Key') ? `/${str('Key')}` : ''}`;
  } else if (action.startsWith('ecr:') && str('repositoryName')) {
    resource = `arn:${partition}:ecr:${where.region}:${where.account}:repository/${str('repositoryName')}`;
  }
  const requests: PolicyRequest[] = [{ action, resource, context }];
  const extra = ACTIONS_FOR_FIELD[action];
  if (extra && call.input[extra.field] !== undefined) requests.push({ action: extra.action, resource, context: {} });
  const role = str('RoleARN');
  if (role) requests.push({ action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } });
  return requests;
}
