// Issue 21.4: a change set that replaces or removes a guarded resource (one whose loss loses
// data or breaks users) runs only when --allow-replace names it, even with every question
// answered yes. Without it the deploy stops before the question and before executing anything,
// deletes the change sets it made, and says what would be lost and the flag that accepts it.
// Change sets made after the confirmation are held to the same rule.
import { CagwError } from '@cagw/errors';
import { expect, test } from 'vitest';
import { deployPlan, type DeployContext } from './deploy-plan.ts';
import { value, output, type DeploymentPlan, type StackPlan } from './stack-plan.ts';
import { advanceUntilSettled } from './testing/advance-until-settled.ts';
import { RecordingDeployHost } from './testing/recording-deploy-host.ts';
import { useStrictFakeCloudFormation } from '@cagw/strict-cloudformation/vitest';
import { testDeployContext } from './testing/test-deploy-context.ts';

const { fake, cfn } = useStrictFakeCloudFormation({ pageSize: 3, createSeconds: () => 10 });
const DATA = 'guard-test-data';
const SOURCE = 'guard-test-source';

/** The data stack: an ECR repository (guarded by type), a bucket its template retains, a topic (not guarded). */
const dataTemplate = ({ withBucket }: { withBucket: boolean }) => `AWSTemplateFormatVersion: '2010-09-09'
Description: 'guard test: data'
Parameters:
  EncryptionType:
    Type: String
Resources:
  Repository:
    Type: 'AWS::ECR::Repository'
    Properties:
      EncryptionConfiguration:
        EncryptionType: !Ref EncryptionType
${withBucket ? `  LogsBucket:
    Type: 'AWS::S3::Bucket'
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
` : ''}  Topic:
    Type: 'AWS::SNS::Topic'
    Properties:
      DisplayName: !Ref EncryptionType
`;

/** A stack whose output the data stack reads, so an update of it makes the data stack's change set late. */
const SOURCE_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: 'guard test: source'
Parameters:
  Kind:
    Type: String
Resources:
  Topic:
    Type: 'AWS::SNS::Topic'
    Properties:
      DisplayName: !Ref Kind
Outputs:
  EncryptionType:
    Value: !Ref Kind
`;

const dataStack = (encryption: StackPlan['parameters'][string], withBucket = true): StackPlan => ({
  kind: 'stack', id: 'database', stackName: DATA, template: 'database', templateBody: dataTemplate({ withBucket }),
  dependsOn: encryption.kind === 'output' ? ['network'] : [], parameters: { EncryptionType: encryption }, tags: {},
});
const sourceStack = (kind: string): StackPlan => ({
  kind: 'stack', id: 'network', stackName: SOURCE, template: 'network', templateBody: SOURCE_TEMPLATE, dependsOn: [], parameters: { Kind: value(kind) }, tags: {},
});
const planOf = (...nodes: StackPlan[]): DeploymentPlan => ({ prefix: 'guard-test', region: 'us-east-1', nodes });

const run = (plan: DeploymentPlan, host: RecordingDeployHost, extra: Partial<DeployContext> = {}) =>
  advanceUntilSettled(deployPlan(plan, testDeployContext(cfn, { host, ...extra })));
const yesToEverything = () => new RecordingDeployHost({ CAGW_DEPLOY_Q0001: true, CAGW_DEPLOY_Q0002: true });
const refusalOf = async (p: Promise<unknown>): Promise<CagwError> => {
  const e = await p.catch((x: unknown) => x);
  if (!CagwError.is(e)) throw new Error(`expected a CagwError, got ${String(e)}`);
  return e;
};

async function deployedWith(plan: DeploymentPlan): Promise<void> {
  expect((await run(plan, yesToEverything())).result).toBe('deployed');
}

test('replacing a guarded resource stops before the question and before executing, deletes the change sets and names the flag', async () => {
  await deployedWith(planOf(dataStack(value('AES256'))));
  const executions = fake.executions.length;
  const host = yesToEverything();
  const error = await refusalOf(run(planOf(dataStack(value('KMS'))), host));
  expect(error.code).toBe('GuardedChangeNotAllowed');
  expect(error.message).toContain(`${DATA} Repository (AWS::ECR::Repository, the ECR repository) would be replaced: EncryptionConfiguration changed`);
  expect(error.message).not.toContain('Topic');
  expect(error.where).toBe(`${DATA}/Repository`);
  expect(error.fix).toContain('--allow-replace Repository');
  expect(host.questions).toEqual([]);
  expect(host.codes()).toContain('CAGW_DEPLOY_I0300');
  expect(fake.executions.length).toBe(executions);
  expect(fake.changeSetNames()).toEqual([]);
  expect(fake.parametersOf(DATA).EncryptionType).toBe('AES256');
});

test('--allow-replace naming the resource lets the replacement run after the one question', async () => {
  await deployedWith(planOf(dataStack(value('AES256'))));
  const host = yesToEverything();
  const outcome = await run(planOf(dataStack(value('KMS'))), host, { allowReplace: ['Repository'] });
  expect(outcome.result).toBe('deployed');
  expect(host.questions).toEqual(['CAGW_DEPLOY_Q0001']);
  expect(fake.parametersOf(DATA).EncryptionType).toBe('KMS');
});

test('an --allow-replace for another resource does not let it through', async () => {
  await deployedWith(planOf(dataStack(value('AES256'))));
  const error = await refusalOf(run(planOf(dataStack(value('KMS'))), yesToEverything(), { allowReplace: ['Topic'] }));
  expect(error.code).toBe('GuardedChangeNotAllowed');
  expect(fake.parametersOf(DATA).EncryptionType).toBe('AES256');
});

test('a dry run says what the deploy would stop at, with the flag, and changes nothing', async () => {
  await deployedWith(planOf(dataStack(value('AES256'))));
  const host = new RecordingDeployHost({});
  expect((await run(planOf(dataStack(value('KMS'))), host, { dryRun: true })).result).toBe('dry-run');
  const warning = host.notices.find((n) => n.code === 'CAGW_DEPLOY_W0310');
  expect(warning?.level).toBe('warn');
  expect(warning?.text).toContain('dry run: 1 guarded resource(s) would be lost, so cagw deploy would stop before executing anything');
  expect(warning?.text).toContain('--allow-replace Repository');
  expect(fake.changeSetNames()).toEqual([]);

  const allowed = new RecordingDeployHost({});
  await run(planOf(dataStack(value('KMS'))), allowed, { dryRun: true, allowReplace: ['Repository'] });
  expect(allowed.codes()).not.toContain('CAGW_DEPLOY_W0310');
});

test('removing a resource its template retains is guarded; the deployed template says it was retained', async () => {
  await deployedWith(planOf(dataStack(value('AES256'))));
  const host = yesToEverything();
  const error = await refusalOf(run(planOf(dataStack(value('AES256'), false)), host));
  expect(error.message).toContain(`${DATA} LogsBucket (AWS::S3::Bucket, its template keeps it (DeletionPolicy Retain)) would be removed`);
  expect(error.fix).toContain('--allow-replace LogsBucket');
  expect(host.questions).toEqual([]);
  expect(fake.changeSetNames()).toEqual([]);
  expect(fake.resourcesOf(DATA)).toHaveProperty('LogsBucket');
});

test('a change set made after the confirmation that replaces a guarded resource is deleted and the run stops, without a second question', async () => {
  // reviewed as unchanged: the output it reads changes only when the source stack updates
  await deployedWith(planOf(sourceStack('AES256'), dataStack(output('network', 'EncryptionType'))));
  const host = yesToEverything();
  const outcome = await run(planOf(sourceStack('KMS'), dataStack(output('network', 'EncryptionType'))), host);
  expect(outcome.reviews.find((r) => r.node === 'database')?.action).toBe('unchanged');
  expect(outcome.result).toBe('failed');
  expect(outcome.failure?.code).toBe('GuardedChangeNotAllowed');
  expect(outcome.failure?.message).toContain('made after the confirmation');
  expect(outcome.failure?.message).toContain('Repository (AWS::ECR::Repository, the ECR repository) would be replaced');
  expect(outcome.failure?.fix).toContain('--allow-replace Repository');
  expect(host.questions).toEqual(['CAGW_DEPLOY_Q0001']);
  expect(fake.changeSetNames()).toEqual([]);
  expect(fake.parametersOf(DATA).EncryptionType).toBe('AES256');
  expect(fake.executions.filter((e) => e.stackName === DATA && e.type === 'UPDATE')).toHaveLength(0);
});

test('a run stopped by a late refusal leaves no change set behind on the stacks it did not reach', async () => {
  // a stack after the data stack, with an edit of its own: its change set is made at review
  const after = (name: string): StackPlan => ({
    kind: 'stack', id: 'observability', stackName: 'guard-test-after', template: 'observability', templateBody: SOURCE_TEMPLATE, dependsOn: ['database'], parameters: { Kind: value(name) }, tags: {},
  });
  await deployedWith(planOf(sourceStack('AES256'), dataStack(output('network', 'EncryptionType')), after('first')));
  const outcome = await run(planOf(sourceStack('KMS'), dataStack(output('network', 'EncryptionType')), after('second')), yesToEverything());
  expect(outcome.failure?.code).toBe('GuardedChangeNotAllowed');
  expect(outcome.nodes.find((n) => n.node === 'observability')?.state).toBe('skipped');
  expect(fake.changeSetNames()).toEqual([]);
  expect(fake.parametersOf('guard-test-after').Kind).toBe('first');
});
