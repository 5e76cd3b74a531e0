// Baseline rules for the IAM conditions of issue 27.7, each where AWS honours it:
// - ECS trust policies name the account ECS acts for (aws:SourceAccount), and task roles the
//   tasks (aws:SourceArn), against the cross-service confused deputy
//   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html,
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html);
// - kms:Decrypt only by way of a service (kms:ViaService): the roles decrypt secrets through
//   Secrets Manager (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html);
// - cloudwatch:PutMetricData only into named namespaces (cloudwatch:namespace, listed for
//   PutMetricData in https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
import type { ResourceRule, TemplateRule } from './baseline-rule.ts';
import { intrinsicOf } from './intrinsics.ts';
import { asArray, asRecord, policyStatements, possibleValues, type PolicyStatement } from './template-values.ts';

const IAM_TYPES = ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::User', 'AWS::IAM::Group'];
const ECS_TASKS = 'ecs-tasks.amazonaws.com';
const TASK_SOURCE_ARN = 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*';

/** The Allow statements of a role's trust policy that let ECS tasks assume it. */
function ecsTrustStatements(properties: Record<string, unknown>): PolicyStatement[] {
  return asArray(asRecord(properties.AssumeRolePolicyDocument).Statement).flatMap(possibleValues).map(asRecord)
    .filter((s) => s.Effect === 'Allow' && asArray(asRecord(s.Principal).Service).flatMap(possibleValues).includes(ECS_TASKS));
}

/** The value a statement's condition gives `key` under `operator` (the operator's name exactly). */
const conditionValue = (s: PolicyStatement, operator: string, key: string): unknown => asRecord(asRecord(s.Condition)[operator])[key];

/** Whether any operator of the statement's condition tests `key`. */
const conditionsOn = (s: PolicyStatement, key: string): boolean => Object.values(asRecord(s.Condition)).some((test) => key in asRecord(test));

const allows = (s: PolicyStatement, action: string): boolean =>
  s.Effect === 'Allow' && asArray(s.Action).flatMap(possibleValues).includes(action);

const isAccountId = (value: unknown): boolean => {
  const call = intrinsicOf(value);
  return call?.fn === 'Ref' && call.arg === 'AWS::AccountId';
};

export const iamConditionRules: (ResourceRule | TemplateRule)[] = [
  {
    id: 'ECS_TRUST_SOURCE_ACCOUNT', scope: 'resource', appliesTo: ['AWS::IAM::Role'], at: ['Properties', 'AssumeRolePolicyDocument'],
    check: (r) => ecsTrustStatements(r.Properties).every((s) => isAccountId(conditionValue(s, 'StringEquals', 'aws:SourceAccount'))),
    violation: "ECS tasks may assume the role without aws:SourceAccount, so ECS acting for another account's task could be led to it (confused deputy)",
    fix: "add Condition: {StringEquals: {'aws:SourceAccount': !Ref 'AWS::AccountId'}} to the ecs-tasks.amazonaws.com statement",
  },
  {
    id: 'ECS_TASK_ROLE_SOURCE_ARN', scope: 'template',
    check: (t) => {
      const resources = asRecord(t.body.Resources);
      const taskRoles = new Set(Object.values(resources).map(asRecord).filter((r) => r.Type === 'AWS::ECS::TaskDefinition')
        .map((r) => intrinsicOf(asRecord(r.Properties).TaskRoleArn))
        .flatMap((call) => (call?.fn === 'Fn::GetAtt' ? [String(asArray(call.arg)[0] ?? String(call.arg).split('.')[0])] : call?.fn === 'Ref' ? [String(call.arg)] : [])));
      return [...taskRoles].flatMap((id) => {
        const role = asRecord(resources[id]);
        const unbound = ecsTrustStatements(asRecord(role.Properties)).filter((s) => {
          const arn = intrinsicOf(conditionValue(s, 'ArnLike', 'aws:SourceArn'));
          return !(arn?.fn === 'Fn::Sub' && arn.arg === TASK_SOURCE_ARN);
        });
        return unbound.length > 0 ? [{ path: ['Resources', id, 'Properties', 'AssumeRolePolicyDocument'], detail: `${id} is a task role` }] : [];
      });
    },
    violation: "the task role may be assumed for any ECS task, not only this account's tasks in this region (no aws:SourceArn)",
    fix: `add ArnLike: {'aws:SourceArn': !Sub '${TASK_SOURCE_ARN}'} to the Condition of its ecs-tasks.amazonaws.com statement`,
  },
  {
    id: 'KMS_DECRYPT_VIA_SERVICE', scope: 'resource', appliesTo: IAM_TYPES, at: ['Properties'],
    check: (r) => policyStatements(r.Type, r.Properties).filter((s) => allows(s, 'kms:Decrypt')).every((s) => conditionsOn(s, 'kms:ViaService')),
    violation: 'the policy allows kms:Decrypt directly, not only by way of the service that holds the data (no kms:ViaService)',
    fix: "add Condition: {StringEquals: {'kms:ViaService': !Sub 'secretsmanager.${AWS::Region}.${AWS::URLSuffix}'}} (or the service that decrypts)",
  },
  {
    id: 'PUT_METRIC_DATA_NAMESPACE', scope: 'resource', appliesTo: IAM_TYPES, at: ['Properties'],
    check: (r) => policyStatements(r.Type, r.Properties).filter((s) => allows(s, 'cloudwatch:PutMetricData')).every((s) => conditionsOn(s, 'cloudwatch:namespace')),
    violation: "the policy lets its holder write metrics into any CloudWatch namespace, another application's alarms included (no cloudwatch:namespace)",
    fix: "add Condition: {StringLikeIfExists: {'cloudwatch:namespace': 'cagw/*'}} (IfExists: OTLP requests carry no namespace)",
  },
];
