// The CloudFormation contract: the same API scenarios against the fake CloudFormation and
// against moto (an implementation nobody here wrote), with the same observable result. Where
// moto departs from the AWS documentation, the scenario records moto's answer next to the
// documented one and its source; the fake must give the documented one.
import {
  CloudFormationClient, CreateChangeSetCommand, DeleteChangeSetCommand, DeleteStackCommand, DescribeChangeSetCommand,
  DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand, ListStackResourcesCommand, type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeCloudFormation } from '../fake-cloudformation.ts';
import { startMoto, type MotoServer } from './moto-server.ts';

// small templates of the suite's own: moto has no Fn::Cidr, and these show one rule each
const TOPIC = `Parameters:
  WithExtra: {Type: String, Default: 'false'}
Conditions:
  HasExtra: !Equals [!Ref WithExtra, 'true']
Resources:
  Topic: {Type: 'AWS::SNS::Topic'}
  Extra: {Type: 'AWS::SQS::Queue', Condition: HasExtra}
Outputs:
  TopicArn: {Value: !Ref Topic}
  ExtraUrl: {Condition: HasExtra, Value: !Ref Extra}
`;
// one resource a createOnly property change replaces (GroupDescription) and one updated in place
// (DelaySeconds), as the resource specification says
const REPLACING = `Parameters:
  Description: {Type: String, Default: 'cagw gateway tasks'}
  Delay: {Type: String, Default: '0'}
Resources:
  Vpc: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.20.0.0/16}}
  TaskSecurityGroup: {Type: 'AWS::EC2::SecurityGroup', Properties: {GroupDescription: !Ref Description, VpcId: !Ref Vpc}}
  Queue: {Type: 'AWS::SQS::Queue', Properties: {DelaySeconds: !Ref Delay}}
`;
// a repository named by the template whose encryption (createOnly) changes: a replacement that would reuse the name
const NAMED_REPOSITORY = `Parameters:
  Encryption: {Type: String, Default: AES256}
Resources:
  ImageRepository: {Type: 'AWS::ECR::Repository', Properties: {RepositoryName: cagw-contract-images, EncryptionConfiguration: {EncryptionType: !Ref Encryption}}}
`;
const CERTIFICATE_RULE = `Parameters:
  CertificateArn: {Type: String, Default: ''}
  PublicHostedZoneId: {Type: String, Default: ''}
Rules:
  CertificateSource:
    Assertions:
      - Assert: !Or [!Not [!Equals [!Ref CertificateArn, '']], !Not [!Equals [!Ref PublicHostedZoneId, '']]]
        AssertDescription: 'give either CertificateArn (BYO or self-signed) or PublicHostedZoneId (managed certificate)'
Resources:
  Topic: {Type: 'AWS::SNS::Topic'}
`;
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

/** The calls a scenario makes, the same for both implementations. */
class Api {
  private serial = 0;
  constructor(readonly cfn: CloudFormationClient) {}
  async create(stack: string, type: 'CREATE' | 'UPDATE', body = TOPIC, parameters: Record<string, string> = {}, tags?: Record<string, string>): Promise<string> {
    this.serial += 1;
    const { Id } = await this.cfn.send(new CreateChangeSetCommand({
      StackName: stack, ChangeSetName: `cs${this.serial}`, ChangeSetType: type, TemplateBody: body,
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
      ...(tags ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    }));
    return Id as string;
  }
  /** the change set once computed: status, reason and every change (all pages) */
  async changeSet(id: string) {
    for (const until = Date.now() + 30_000; Date.now() < until; await pause(100)) {
      const first = await this.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id }));
      if (first.Status === 'CREATE_PENDING' || first.Status === 'CREATE_IN_PROGRESS') continue;
      const changes = [...(first.Changes ?? [])];
      for (let token = first.NextToken; token;) {
        const page = await this.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id, NextToken: token }));
        changes.push(...(page.Changes ?? []));
        token = page.NextToken;
      }
      return {
        status: first.Status, reason: first.StatusReason, execution: first.ExecutionStatus,
        changes: changes.map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`).sort(),
        replacements: changes.map((c) => `${c.ResourceChange?.LogicalResourceId} ${c.ResourceChange?.Replacement ?? '(none)'}`).sort(),
      };
    }
    throw new Error(`change set ${id} was still being computed after 30 s`);
  }
  async execute(id: string): Promise<void> {
    await this.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: id }));
  }
  /** create, wait until computed, execute, wait until settled */
  async deploy(stack: string, body = TOPIC): Promise<string> {
    const id = await this.create(stack, 'CREATE', body);
    await this.changeSet(id);
    await this.execute(id);
    return this.settle(stack);
  }
  /** the stack's status once no operation runs, or 'gone' */
  async settle(stack: string): Promise<string> {
    for (const until = Date.now() + 30_000; Date.now() < until; await pause(100)) {
      const status = await this.status(stack);
      if (status === 'gone' || !status.endsWith('_IN_PROGRESS') || status === 'REVIEW_IN_PROGRESS') return status;
    }
    throw new Error(`${stack} was still busy after 30 s`);
  }
  async status(stack: string): Promise<string> {
    return this.cfn.send(new DescribeStacksCommand({ StackName: stack })).then(
      (r) => r.Stacks?.[0]?.StackStatus ?? 'gone',
      (e: Error) => (e.name === 'ValidationError' && /does not exist/.test(e.message) ? 'gone' : Promise.reject(e)),
    );
  }
  async tags(stack: string): Promise<Record<string, string>> {
    return Object.fromEntries(((await this.cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0]?.Tags ?? []).map((t) => [t.Key, t.Value]));
  }
  async outputs(stack: string): Promise<string[]> {
    return ((await this.cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0]?.Outputs ?? []).map((o) => o.OutputKey ?? '').sort();
  }
  /** physical ids by logical id (all pages) */
  async physicalIds(stack: string): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    let token: string | undefined;
    do {
      const page = await this.cfn.send(new ListStackResourcesCommand({ StackName: stack, NextToken: token }));
      for (const r of page.StackResourceSummaries ?? []) ids[r.LogicalResourceId ?? ''] = r.PhysicalResourceId ?? '';
      token = page.NextToken;
    } while (token);
    return ids;
  }
  async events(stack: string): Promise<StackEvent[]> {
    const all: StackEvent[] = [];
    let token: string | undefined;
    do {
      const page = await this.cfn.send(new DescribeStackEventsCommand({ StackName: stack, NextToken: token }));
      all.push(...(page.StackEvents ?? []));
      token = page.NextToken;
    } while (token);
    return all;
  }
  async refusal(call: Promise<unknown>): Promise<string> {
    return call.then(() => 'accepted', (e: Error) => `${e.name}: ${e.message}`);
  }
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Scenario {
  name: string;
  run(api: Api, stack: string): Promise<Record<string, unknown>>;
  /** what the AWS documentation says each observation is */
  documented: Record<string, unknown>;
  /** where moto answers otherwise: its answer and the page that says what AWS does */
  motoDiffers?: Record<string, { moto: unknown; documentedBy: string }>;
}

const scenarios: Scenario[] = [
  {
    name: 'create and execute a change set',
    async run(api, stack) {
      const id = await api.create(stack, 'CREATE');
      const review = await api.status(stack);
      const cs = await api.changeSet(id);
      await api.execute(id);
      return { review, changeSet: cs.status, execution: cs.execution, changes: cs.changes, status: await api.settle(stack), outputs: await api.outputs(stack) };
    },
    documented: { review: 'REVIEW_IN_PROGRESS', changeSet: 'CREATE_COMPLETE', execution: 'AVAILABLE', changes: ['Add Topic'], status: 'CREATE_COMPLETE', outputs: ['TopicArn'] },
    motoDiffers: {
      changes: { moto: ['Add Extra', 'Add Topic'], documentedBy: 'Conditions section (CloudFormation User Guide): a resource whose condition is false is not created' },
      outputs: { moto: [], documentedBy: 'DescribeStacks API reference, Stack.Outputs: the outputs of a stack, however it was created (moto fills them only for CreateStack)' },
    },
  },
  {
    name: 'the empty change set',
    async run(api, stack) {
      await api.deploy(stack);
      const cs = await api.changeSet(await api.create(stack, 'UPDATE'));
      return { changeSet: cs.status, reason: cs.reason, changes: cs.changes, status: await api.status(stack) };
    },
    documented: { changeSet: 'FAILED', reason: NO_CHANGES, changes: [], status: 'CREATE_COMPLETE' },
    motoDiffers: { changes: { moto: ['Modify Topic'], documentedBy: 'DescribeChangeSet API reference: a FAILED change set "didn\'t contain changes", so it lists none' } },
  },
  {
    name: 'a declined change set is deleted, its reviewed stack deleted after it',
    async run(api, stack) {
      const id = await api.create(stack, 'CREATE');
      await api.changeSet(id);
      await api.cfn.send(new DeleteChangeSetCommand({ ChangeSetName: id }));
      const afterDecline = await api.status(stack);
      await api.cfn.send(new DeleteStackCommand({ StackName: stack }));
      return { afterDecline, afterDelete: await api.settle(stack) };
    },
    documented: { afterDecline: 'REVIEW_IN_PROGRESS', afterDelete: 'gone' },
  },
  {
    name: 'an update that switches a conditional resource and its output on',
    async run(api, stack) {
      await api.deploy(stack);
      const id = await api.create(stack, 'UPDATE', TOPIC, { WithExtra: 'true' });
      const cs = await api.changeSet(id);
      await api.execute(id);
      return { changes: cs.changes, status: await api.settle(stack), outputs: await api.outputs(stack) };
    },
    documented: { changes: ['Add Extra'], status: 'UPDATE_COMPLETE', outputs: ['ExtraUrl', 'TopicArn'] },
    motoDiffers: {
      changes: { moto: ['Modify Topic'], documentedBy: 'Change sets (CloudFormation User Guide): a change set lists the resources the update adds, modifies or removes; Topic does not refer to WithExtra' },
      outputs: { moto: [], documentedBy: 'DescribeStacks API reference, Stack.Outputs (moto fills them only for CreateStack)' },
    },
  },
  {
    name: 'events come newest first and page until NextToken ends',
    async run(api, stack) {
      await api.deploy(stack);
      const events = await api.events(stack);
      const own = events.filter((e) => e.LogicalResourceId === stack).map((e) => e.ResourceStatus).reverse();
      return { newest: events[0]?.ResourceStatus, stackEventsOldestFirst: own, distinct: new Set(events.map((e) => e.EventId)).size === events.length };
    },
    documented: { newest: 'CREATE_COMPLETE', stackEventsOldestFirst: ['REVIEW_IN_PROGRESS', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE'], distinct: true },
  },
  {
    name: 'a deleted stack is gone',
    async run(api, stack) {
      const created = await api.deploy(stack);
      await api.cfn.send(new DeleteStackCommand({ StackName: stack }));
      return { created, deleted: await api.settle(stack), again: await api.refusal(api.cfn.send(new DeleteStackCommand({ StackName: stack }))) };
    },
    documented: { created: 'CREATE_COMPLETE', deleted: 'gone', again: 'accepted' },
  },
  {
    name: 'an UPDATE change set for a stack that does not exist is refused',
    async run(api, stack) {
      const refusal = await api.refusal(api.create(stack, 'UPDATE'));
      return { refusal: refusal.replace(/Stack (with id |\[)(\S+?)\]? does not exist.*/, 'Stack $2 does not exist') };
    },
    documented: { refusal: 'ValidationError: Stack contract-update-missing does not exist' },
  },
  {
    name: 'a TemplateBody over 51,200 bytes is refused',
    async run(api, stack) {
      const refusal = await api.refusal(api.create(stack, 'CREATE', `${TOPIC}${'# padding to pass the inline limit\n'.repeat(1500)}`));
      return { refused: refusal.startsWith('ValidationError') && /51200/.test(refusal) };
    },
    documented: { refused: true },
    motoDiffers: { refused: { moto: false, documentedBy: 'CreateChangeSet API reference, TemplateBody: maximum length 51,200 bytes (CloudFormation quotas: "Template body size in a request")' } },
  },
  {
    name: 'a parameter the template does not declare is refused',
    async run(api, stack) {
      const refusal = await api.refusal(api.create(stack, 'CREATE', TOPIC, { Nope: 'x' }));
      return { refusal };
    },
    documented: { refusal: 'ValidationError: Parameters: [Nope] do not exist in the template' },
    motoDiffers: { refusal: { moto: 'accepted', documentedBy: 'CreateChangeSet API reference, Parameters: each ParameterKey must be declared in the template (ValidationError)' } },
  },
  {
    name: 'an update replaces what a createOnly property change needs replaced, and updates the rest in place',
    async run(api, stack) {
      await api.deploy(stack, REPLACING);
      const before = await api.physicalIds(stack);
      const id = await api.create(stack, 'UPDATE', REPLACING, { Description: 'cagw gateway tasks (443 from the load balancer)', Delay: '5' });
      const cs = await api.changeSet(id);
      await api.execute(id);
      const status = await api.settle(stack);
      const after = await api.physicalIds(stack);
      return {
        changes: cs.changes, replacements: cs.replacements, status,
        newPhysicalId: Object.fromEntries(['TaskSecurityGroup', 'Queue'].map((k) => [k, after[k] !== before[k]])),
        shapedLikeAGroupId: /^sg-[0-9a-f]{17}$/.test(after.TaskSecurityGroup ?? ''),
      };
    },
    documented: {
      changes: ['Modify Queue', 'Modify TaskSecurityGroup'], replacements: ['Queue False', 'TaskSecurityGroup True'], status: 'UPDATE_COMPLETE',
      newPhysicalId: { TaskSecurityGroup: true, Queue: false }, shapedLikeAGroupId: true,
    },
    // moto agrees on what matters most here: the replaced group has a new id, the queue keeps its own
    motoDiffers: {
      changes: { moto: [], documentedBy: 'DescribeChangeSet API reference, ResourceChange.Details: a change that comes from a parameter value is listed (ChangeSource ParameterReference); moto 5.2.1 diffs the template text only' },
      replacements: { moto: [], documentedBy: 'DescribeChangeSet API reference, ResourceChange.Replacement: True, False or Conditional for every Modify (moto 5.2.1 lists no Modify here, and sets no Replacement on any)' },
    },
  },
  {
    name: 'replacing a custom-named resource fails the update, which rolls back',
    async run(api, stack) {
      await api.deploy(stack, NAMED_REPOSITORY.replace('cagw-contract-images', `${stack}-images`));
      const id = await api.create(stack, 'UPDATE', NAMED_REPOSITORY.replace('cagw-contract-images', `${stack}-images`), { Encryption: 'KMS' });
      await api.changeSet(id);
      await api.execute(id);
      const status = await api.settle(stack);
      const failed = (await api.events(stack)).find((e) => e.ResourceStatus === 'UPDATE_FAILED');
      return { status, reason: failed?.ResourceStatusReason?.replace(`${stack}-images`, '<name>') };
    },
    documented: { status: 'UPDATE_ROLLBACK_COMPLETE', reason: 'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename <name> and update the stack again.' },
    motoDiffers: {
      status: { moto: 'UPDATE_COMPLETE', documentedBy: '"Name type" (CloudFormation User Guide): if you specify a name, you cannot perform updates that require replacement of this resource (EncryptionConfiguration: Update requires Replacement, AWS::ECR::Repository reference); moto 5.2.1 updates it in place' },
      reason: { moto: undefined, documentedBy: 'the same page; moto 5.2.1 records no failure' },
    },
  },
  {
    name: 'a template rule whose assertion fails refuses the change set with its AssertDescription',
    async run(api, stack) {
      const refusal = await api.refusal(api.create(stack, 'CREATE', CERTIFICATE_RULE));
      const held = await api.refusal(api.create(stack, 'CREATE', CERTIFICATE_RULE, { PublicHostedZoneId: 'Z0123456789ABCDEFGHIJ' }));
      return { refusal, held };
    },
    documented: { refusal: 'ValidationError: give either CertificateArn (BYO or self-signed) or PublicHostedZoneId (managed certificate)', held: 'accepted' },
    motoDiffers: { refusal: { moto: 'accepted', documentedBy: 'Rules section (CloudFormation User Guide): rules validate parameter values before CloudFormation creates or updates any resources; a failed assertion stops the request with its AssertDescription (moto 5.2.1 does not read Rules)' } },
  },
  {
    name: 'stack tags given on the CREATE change set are the stack\'s tags',
    async run(api, stack) {
      const id = await api.create(stack, 'CREATE', TOPIC, {}, { team: 'platform', 'cost-center': '1234' });
      await api.changeSet(id);
      await api.execute(id);
      return { status: await api.settle(stack), tags: await api.tags(stack) };
    },
    documented: { status: 'CREATE_COMPLETE', tags: { team: 'platform', 'cost-center': '1234' } },
  },
  {
    name: 'a change set that changes only the tags updates them',
    async run(api, stack) {
      const first = await api.create(stack, 'CREATE', TOPIC, {}, { team: 'platform' });
      await api.changeSet(first);
      await api.execute(first);
      await api.settle(stack);
      const id = await api.create(stack, 'UPDATE', TOPIC, {}, { team: 'finops' });
      const cs = await api.changeSet(id);
      if (cs.status === 'CREATE_COMPLETE') await api.execute(id);
      return { changeSet: cs.status, status: await api.settle(stack), tags: await api.tags(stack) };
    },
    documented: { changeSet: 'CREATE_COMPLETE', status: 'UPDATE_COMPLETE', tags: { team: 'finops' } },
    motoDiffers: {
      changeSet: { moto: 'FAILED', documentedBy: 'CreateChangeSet API reference, Tags: "Key-value pairs to associate with this stack. CloudFormation also propagates these tags to resources in the stack"; a change set of new tags alone has changes (moto 5.2.1 compares template and parameters only)' },
      status: { moto: 'CREATE_COMPLETE', documentedBy: 'the same page; moto 5.2.1 made no change set to run' },
      tags: { moto: { team: 'platform' }, documentedBy: 'the same page; moto 5.2.1 never applies an UPDATE change set\'s tags' },
    },
  },
  {
    name: 'tags CloudFormation refuses: an aws: key, 51 tags, a value over 256 characters',
    async run(api, stack) {
      const one = async (tags: Record<string, string>) => (await api.refusal(api.create(stack, 'CREATE', TOPIC, {}, tags))).replace(/^(ValidationError): .*/, '$1');
      return {
        awsPrefix: await one({ 'aws:team': 'platform' }),
        fiftyOne: await one(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))),
        longValue: await one({ team: 'v'.repeat(257) }),
      };
    },
    documented: { awsPrefix: 'ValidationError', fiftyOne: 'ValidationError', longValue: 'ValidationError' },
    motoDiffers: {
      awsPrefix: { moto: 'accepted', documentedBy: 'Tag (CloudFormation API reference): "Tags owned by AWS have the reserved prefix: aws:"; CloudFormation answers "aws: prefixed tag key names are not allowed for external use." (ValidationError); moto 5.2.1 checks no tag' },
      fiftyOne: { moto: 'accepted', documentedBy: 'CreateChangeSet API reference, Tags: "Array Members: Maximum number of 50 items"' },
      longValue: { moto: 'accepted', documentedBy: 'Tag (CloudFormation API reference), Value: "Maximum length of 256"' },
    },
  },
];

// ── the two implementations ─────────────────────────────────────────────────
let moto: MotoServer | undefined;
const motoApi = () => new Api(new CloudFormationClient({
  region: 'us-east-1', endpoint: moto?.endpoint as string, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'contract-test-not-a-secret' }, maxAttempts: 1,
}));
const fakeClient = new CloudFormationClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'contract-test-not-a-secret' } });
const fake = new FakeCloudFormation({ pageSize: 2, createSeconds: () => 0.2, changeSetSeconds: 0.2 });
const fakeMock = mockClient(fakeClient);
fakeMock.onAnyCommand().rejects(new Error('a CloudFormation call the fake does not model'));
fake.install(fakeMock);

// a missing moto fails every moto test with the install line (the fake's tests still run)
let motoMissing: Error | undefined;
beforeAll(async () => {
  moto = await startMoto().catch((e: Error) => {
    motoMissing = e;
    return undefined;
  });
}, 90_000);
afterAll(async () => {
  await moto?.stop();
  fake.reset();
});

const stackName = (s: Scenario) => (s.name === 'an UPDATE change set for a stack that does not exist is refused' ? 'contract-update-missing' : `contract-${scenarios.indexOf(s)}`);

describe.each(scenarios)('$name', (scenario) => {
  test('the fake gives the documented result', async () => {
    expect(await scenario.run(new Api(fakeClient), stackName(scenario))).toEqual(scenario.documented);
  });
  test('moto gives the same result, except where it departs from the documentation (recorded)', async () => {
    if (motoMissing) throw motoMissing;
    const departures = Object.fromEntries(Object.entries(scenario.motoDiffers ?? {}).map(([k, v]) => [k, v.moto]));
    for (const d of Object.values(scenario.motoDiffers ?? {})) expect(d.documentedBy).not.toBe('');
    expect(await scenario.run(motoApi(), stackName(scenario))).toEqual({ ...scenario.documented, ...departures });
  });
});
