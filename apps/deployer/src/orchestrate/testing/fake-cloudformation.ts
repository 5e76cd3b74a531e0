// A stateful fake of the CloudFormation API, to the behaviour written in
// fake-cloudformation.md: change sets, stack operations that progress on timers, events
// newest-first and paginated, rollbacks, and injected faults (throttling, expired
// credentials, a failing resource). Installed on an aws-sdk-client-mock; any command it
// does not model fails the test.
import { createHash } from 'node:crypto';
import {
  CloudFormationServiceException, CreateChangeSetCommand, DeleteChangeSetCommand, DeleteStackCommand,
  DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand,
  GetTemplateCommand, ListStackResourcesCommand,
  type Change, type CreateChangeSetInput, type Parameter, type Stack, type StackEvent, type Tag,
} from '@aws-sdk/client-cloudformation';
import type { AwsStub } from 'aws-sdk-client-mock';
import { modelTemplate, type ModelResource } from './template-model.ts';

export interface FakeCloudFormationOptions {
  pageSize?: number;
  /** seconds a resource of this type takes to create (default 1) */
  createSeconds?: (resourceType: string) => number;
  /** seconds a change set takes to be computed (default 2) */
  changeSetSeconds?: number;
  accountId?: string;
  region?: string;
  /** an output's value from the stack's parameters (default: a fixed, type-shaped value) */
  outputValue?: (stackName: string, outputKey: string, parameters: Record<string, string>) => string | undefined;
}

interface FakeResource { logicalId: string; type: string; status: string; deletionPolicy: string | undefined }
interface FakeStack {
  stackId: string;
  stackName: string;
  status: string;
  statusReason: string | undefined;
  templateBody: string;
  parameters: Parameter[];
  tags: Tag[];
  resources: Map<string, FakeResource>;
  outputs: { OutputKey: string; OutputValue: string }[];
  events: StackEvent[];
  creationTime: Date;
  lastUpdatedTime: Date | undefined;
  /** the template and parameters before the running update, restored by a rollback */
  previous: { templateBody: string; parameters: Parameter[]; outputs: FakeStack['outputs'] } | undefined;
  timers: ReturnType<typeof setTimeout>[];
}
interface FakeChangeSet {
  id: string;
  name: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  status: 'CREATE_PENDING' | 'CREATE_COMPLETE' | 'FAILED';
  statusReason: string | undefined;
  templateBody: string;
  parameters: Parameter[];
  tags: Tag[];
  changes: Change[];
}

type CommandName = string;
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

export function awsError(name: string, message: string, fault: 'client' | 'server' = 'client'): CloudFormationServiceException {
  return new CloudFormationServiceException({ name, $fault: fault, $metadata: { httpStatusCode: fault === 'client' ? 400 : 500 }, message });
}

export class FakeCloudFormation {
  private stacks = new Map<string, FakeStack>();
  private changeSets = new Map<string, FakeChangeSet>();
  private throttles = new Map<CommandName, number>();
  private failures = new Map<string, string>();
  private credentialsExpireAfter: number | undefined;
  private readonly counts = new Map<CommandName, number>();
  private serial = 0;
  /** executed change sets per stack name, in order (an update of the gateway is one rollout) */
  readonly executions: { stackName: string; type: 'CREATE' | 'UPDATE'; at: number }[] = [];
  /** final snapshots taken when a stack with DeletionPolicy Snapshot resources was deleted */
  readonly snapshots: string[] = [];

  constructor(private readonly options: FakeCloudFormationOptions = {}) {}

  reset(): void {
    for (const s of this.stacks.values()) s.timers.forEach(clearTimeout);
    this.stacks.clear();
    this.changeSets.clear();
    this.throttles.clear();
    this.failures.clear();
    this.counts.clear();
    this.credentialsExpireAfter = undefined;
    this.executions.length = 0;
    this.snapshots.length = 0;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  install(mock: AwsStub<any, any, any>): void {
    const on = <I, O>(command: unknown, name: string, handler: (input: I) => O) => {
      (mock.on as (c: unknown) => { callsFake(f: (input: I) => unknown): void })(command).callsFake(async (input: I) => {
        this.gate(name);
        return handler.call(this, input);
      });
    };
    on(CreateChangeSetCommand, 'CreateChangeSet', this.createChangeSet);
    on(DescribeChangeSetCommand, 'DescribeChangeSet', this.describeChangeSet);
    on(ExecuteChangeSetCommand, 'ExecuteChangeSet', this.executeChangeSet);
    on(DeleteChangeSetCommand, 'DeleteChangeSet', this.deleteChangeSet);
    on(DescribeStacksCommand, 'DescribeStacks', this.describeStacks);
    on(DescribeStackEventsCommand, 'DescribeStackEvents', this.describeStackEvents);
    on(GetTemplateCommand, 'GetTemplate', this.getTemplate);
    on(ListStackResourcesCommand, 'ListStackResources', this.listStackResources);
    on(DeleteStackCommand, 'DeleteStack', this.deleteStack);
  }

  // ── faults ────────────────────────────────────────────────────────────────
  /** the next `times` calls of a command answer Throttling */
  throttle(command: CommandName, times: number): void {
    this.throttles.set(command, times);
  }
  /** creating (or updating) this resource fails with this reason, once */
  failResource(stackName: string, logicalId: string, reason: string): void {
    this.failures.set(`${stackName}/${logicalId}`, reason);
  }
  /** after `calls` more calls, every call answers ExpiredToken */
  expireCredentialsAfter(calls: number): void {
    this.credentialsExpireAfter = calls;
  }
  /** puts a stack straight into a state, as if an earlier run had left it there */
  seedStack(stackName: string, status: string, templateBody = 'Resources: {}\n'): void {
    const stack = this.newStack(stackName, templateBody, [], []);
    stack.status = status;
    this.stacks.set(stackName, stack);
  }

  // ── what tests look at ────────────────────────────────────────────────────
  calls(command: CommandName): number {
    return this.counts.get(command) ?? 0;
  }
  stackNames(): string[] {
    return [...this.stacks.keys()].sort();
  }
  status(stackName: string): string | undefined {
    return this.stacks.get(stackName)?.status;
  }
  parametersOf(stackName: string): Record<string, string> {
    return Object.fromEntries((this.stacks.get(stackName)?.parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]));
  }
  outputsOf(stackName: string): Record<string, string> {
    return Object.fromEntries((this.stacks.get(stackName)?.outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  }
  changeSetNames(): string[] {
    return [...this.changeSets.values()].map((c) => `${c.stackName}/${c.name}`).sort();
  }

  // ── the API ───────────────────────────────────────────────────────────────
  private gate(command: CommandName): void {
    this.counts.set(command, (this.counts.get(command) ?? 0) + 1);
    if (this.credentialsExpireAfter !== undefined) {
      if (this.credentialsExpireAfter <= 0) throw awsError('ExpiredToken', 'The security token included in the request is expired');
      this.credentialsExpireAfter -= 1;
    }
    const left = this.throttles.get(command) ?? 0;
    if (left > 0) {
      this.throttles.set(command, left - 1);
      throw awsError('Throttling', 'Rate exceeded');
    }
  }

  private createChangeSet(input: CreateChangeSetInput) {
    const stackName = input.StackName ?? '';
    const type = input.ChangeSetType === 'CREATE' ? 'CREATE' : 'UPDATE';
    const existing = this.stacks.get(stackName);
    const body = input.TemplateBody ?? '';
    if (type === 'CREATE' && existing && existing.status !== 'REVIEW_IN_PROGRESS') throw awsError('AlreadyExistsException', `Stack [${stackName}] already exists`);
    if (type === 'UPDATE' && !existing) throw awsError('ValidationError', `Stack [${stackName}] does not exist`);
    if (existing && /_IN_PROGRESS$/.test(existing.status) && existing.status !== 'REVIEW_IN_PROGRESS') {
      throw awsError('ValidationError', `Stack:${existing.stackId} is in ${existing.status} state and can not be updated.`);
    }
    if (existing?.status === 'ROLLBACK_COMPLETE') throw awsError('ValidationError', `Stack:${existing.stackId} is in ROLLBACK_COMPLETE state and can not be updated.`);
    if ([...this.changeSets.values()].some((c) => c.stackName === stackName && c.name === input.ChangeSetName)) {
      throw awsError('AlreadyExistsException', `ChangeSet ${input.ChangeSetName} already exists`);
    }
    const parameters = input.Parameters ?? [];
    this.validateParameters(body, parameters);
    const model = modelTemplate(body, toValues(parameters));
    const needsIam = model.resources.some((r) => r.type.startsWith('AWS::IAM::'));
    if (needsIam && !(input.Capabilities ?? []).some((c) => c === 'CAPABILITY_IAM' || c === 'CAPABILITY_NAMED_IAM')) {
      throw awsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]');
    }
    const stack = existing ?? this.newStack(stackName, body, [], input.Tags ?? []);
    if (!existing) {
      stack.status = 'REVIEW_IN_PROGRESS';
      this.stacks.set(stackName, stack);
    }
    const changes = type === 'CREATE' ? model.resources.map((r) => resourceChange('Add', r)) : this.diffResources(stack, body, parameters, input.Tags ?? []);
    const id = `arn:aws:cloudformation:${this.region}:${this.account}:changeSet/${input.ChangeSetName}/${this.nextId()}`;
    const cs: FakeChangeSet = {
      id, name: input.ChangeSetName ?? '', stackName, type, status: 'CREATE_PENDING', statusReason: undefined,
      templateBody: body, parameters, tags: input.Tags ?? stack.tags, changes,
    };
    this.changeSets.set(id, cs);
    stack.timers.push(setTimeout(() => {
      if (changes.length === 0 && !tagsDiffer(stack.tags, cs.tags)) {
        cs.status = 'FAILED';
        cs.statusReason = NO_CHANGES;
      } else cs.status = 'CREATE_COMPLETE';
    }, (this.options.changeSetSeconds ?? 2) * 1000));
    return { Id: id, StackId: stack.stackId };
  }

  private describeChangeSet(input: { ChangeSetName?: string; StackName?: string }) {
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    return {
      ChangeSetId: cs.id, ChangeSetName: cs.name, StackName: cs.stackName, Status: cs.status, StatusReason: cs.statusReason,
      ExecutionStatus: cs.status === 'CREATE_COMPLETE' ? 'AVAILABLE' : 'UNAVAILABLE',
      Parameters: cs.parameters, Changes: cs.status === 'CREATE_COMPLETE' ? cs.changes : [],
    };
  }

  private deleteChangeSet(input: { ChangeSetName?: string; StackName?: string }) {
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    this.changeSets.delete(cs.id);
    return {};
  }

  private executeChangeSet(input: { ChangeSetName?: string; StackName?: string }) {
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    if (cs.status !== 'CREATE_COMPLETE') throw awsError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be executed in its current status of [${cs.status}]`);
    const stack = this.stacks.get(cs.stackName) as FakeStack;
    for (const other of [...this.changeSets.values()].filter((c) => c.stackName === cs.stackName)) this.changeSets.delete(other.id);
    this.executions.push({ stackName: cs.stackName, type: cs.type, at: Date.now() });
    this.runOperation(stack, cs);
    return {};
  }

  private describeStacks(input: { StackName?: string; NextToken?: string }) {
    if (input.StackName) {
      const stack = this.stacks.get(input.StackName) ?? [...this.stacks.values()].find((s) => s.stackId === input.StackName);
      if (!stack) throw awsError('ValidationError', `Stack with id ${input.StackName} does not exist`);
      return { Stacks: [this.stackView(stack)] };
    }
    return this.page([...this.stacks.values()].map((s) => this.stackView(s)), input.NextToken, 'Stacks');
  }

  private describeStackEvents(input: { StackName?: string; NextToken?: string }) {
    const stack = this.requireStack(input.StackName);
    return this.page([...stack.events].reverse(), input.NextToken, 'StackEvents');
  }

  private getTemplate(input: { StackName?: string }) {
    return { TemplateBody: this.requireStack(input.StackName).templateBody };
  }

  private listStackResources(input: { StackName?: string; NextToken?: string }) {
    const stack = this.requireStack(input.StackName);
    const summaries = [...stack.resources.values()].map((r) => ({ LogicalResourceId: r.logicalId, PhysicalResourceId: physicalId(stack.stackName, r), ResourceType: r.type, ResourceStatus: r.status }));
    return this.page(summaries, input.NextToken, 'StackResourceSummaries');
  }

  private deleteStack(input: { StackName?: string }) {
    const stack = this.stacks.get(input.StackName ?? '');
    if (!stack || stack.status === 'DELETE_IN_PROGRESS') return {};
    stack.timers.forEach(clearTimeout);
    this.setStatus(stack, 'DELETE_IN_PROGRESS', 'User Initiated');
    const seconds = Math.max(1, ...[...stack.resources.values()].map((r) => this.seconds(r.type) / 2));
    stack.timers.push(setTimeout(() => {
      for (const r of stack.resources.values()) {
        if (r.deletionPolicy === 'Snapshot') this.snapshots.push(`${stack.stackName}-${r.logicalId.toLowerCase()}-final-${this.nextId()}`);
        this.event(stack, r.logicalId, r.type, 'DELETE_COMPLETE');
      }
      this.stacks.delete(stack.stackName);
      for (const cs of [...this.changeSets.values()].filter((c) => c.stackName === stack.stackName)) this.changeSets.delete(cs.id);
    }, seconds * 1000));
    return {};
  }

  // ── operations on timers ──────────────────────────────────────────────────
  private runOperation(stack: FakeStack, cs: FakeChangeSet): void {
    const create = cs.type === 'CREATE';
    const verb = create ? 'CREATE' : 'UPDATE';
    stack.previous = create ? undefined : { templateBody: stack.templateBody, parameters: stack.parameters, outputs: stack.outputs };
    const model = modelTemplate(cs.templateBody, toValues(cs.parameters));
    stack.templateBody = cs.templateBody;
    stack.parameters = cs.parameters;
    stack.tags = cs.tags;
    if (!create) stack.lastUpdatedTime = new Date();
    this.setStatus(stack, `${verb}_IN_PROGRESS`, 'User Initiated');

    // each changed resource starts when the resources it refers to are done: the critical path
    const touched = new Set(cs.changes.map((c) => c.ResourceChange?.LogicalResourceId));
    const work = model.resources.filter((r) => touched.has(r.logicalId));
    const removed = cs.changes.filter((c) => c.ResourceChange?.Action === 'Remove').map((c) => c.ResourceChange?.LogicalResourceId as string);
    const end = new Map<string, number>();
    const endOf = (r: ModelResource): number => {
      const known = end.get(r.logicalId);
      if (known !== undefined) return known;
      const start = Math.max(0, ...r.dependsOn.map((d) => work.find((w) => w.logicalId === d)).filter((w): w is ModelResource => !!w).map(endOf));
      const finish = start + this.seconds(r.type) * (create || !stack.resources.has(r.logicalId) ? 1 : 0.5);
      end.set(r.logicalId, finish);
      return finish;
    };
    const plan = work.map((r) => ({ r, end: endOf(r), start: endOf(r) - this.seconds(r.type) * (create || !stack.resources.has(r.logicalId) ? 1 : 0.5) }));
    let failed = false;
    for (const { r, start, end: finish } of plan) {
      const action = stack.resources.has(r.logicalId) ? 'UPDATE' : 'CREATE';
      stack.timers.push(setTimeout(() => {
        if (failed) return;
        stack.resources.set(r.logicalId, { logicalId: r.logicalId, type: r.type, status: `${action}_IN_PROGRESS`, deletionPolicy: r.deletionPolicy });
        this.event(stack, r.logicalId, r.type, `${action}_IN_PROGRESS`);
      }, start * 1000));
      stack.timers.push(setTimeout(() => {
        if (failed) return;
        const reason = this.failures.get(`${stack.stackName}/${r.logicalId}`);
        if (reason !== undefined) {
          failed = true;
          this.failures.delete(`${stack.stackName}/${r.logicalId}`);
          this.fail(stack, r, action, reason, create);
          return;
        }
        (stack.resources.get(r.logicalId) as FakeResource).status = `${action}_COMPLETE`;
        this.event(stack, r.logicalId, r.type, `${action}_COMPLETE`);
      }, finish * 1000));
    }
    const total = Math.max(1, ...plan.map((p) => p.end));
    stack.timers.push(setTimeout(() => {
      if (failed) return;
      for (const id of removed) {
        const r = stack.resources.get(id);
        if (r) this.event(stack, id, r.type, 'DELETE_COMPLETE');
        stack.resources.delete(id);
      }
      stack.outputs = model.outputs.map((key) => ({
        OutputKey: key, OutputValue: this.options.outputValue?.(stack.stackName, key, toValues(cs.parameters)) ?? this.outputValue(stack.stackName, key),
      }));
      this.setStatus(stack, `${verb}_COMPLETE`, undefined);
    }, total * 1000 + 1));
  }

  private fail(stack: FakeStack, r: ModelResource, action: string, reason: string, create: boolean): void {
    this.event(stack, r.logicalId, r.type, `${action}_FAILED`, reason);
    for (const other of stack.resources.values()) {
      if (other.status.endsWith('_IN_PROGRESS') && other.logicalId !== r.logicalId) {
        other.status = `${action}_FAILED`;
        this.event(stack, other.logicalId, other.type, `${action}_FAILED`, `Resource ${action === 'CREATE' ? 'creation' : 'update'} cancelled`);
      }
    }
    const rollback = create ? 'ROLLBACK' : 'UPDATE_ROLLBACK';
    this.setStatus(stack, `${rollback}_IN_PROGRESS`, `The following resource(s) failed to ${action.toLowerCase()}: [${r.logicalId}]. Rollback requested by user.`);
    stack.timers.push(setTimeout(() => {
      if (create) {
        for (const other of stack.resources.values()) this.event(stack, other.logicalId, other.type, 'DELETE_COMPLETE');
        stack.resources.clear();
      } else if (stack.previous) {
        stack.templateBody = stack.previous.templateBody;
        stack.parameters = stack.previous.parameters;
        stack.outputs = stack.previous.outputs;
        for (const other of stack.resources.values()) other.status = 'UPDATE_COMPLETE';
      }
      this.setStatus(stack, `${rollback}_COMPLETE`, undefined);
    }, 5_000));
  }

  // ── helpers ───────────────────────────────────────────────────────────────
  private diffResources(stack: FakeStack, body: string, parameters: Parameter[], tags: Tag[]): Change[] {
    const before = modelTemplate(stack.templateBody, toValues(stack.parameters));
    const after = modelTemplate(body, toValues(parameters));
    const oldValues = toValues(stack.parameters);
    const newValues = toValues(parameters);
    const changedParams = new Set([...Object.keys(oldValues), ...Object.keys(newValues)].filter((k) => oldValues[k] !== newValues[k]));
    const changes: Change[] = [];
    for (const r of after.resources) {
      const old = before.resources.find((o) => o.logicalId === r.logicalId);
      if (!old) changes.push(resourceChange('Add', r));
      else if (JSON.stringify(old.body) !== JSON.stringify(r.body) || r.parameters.some((p) => changedParams.has(p)) || tagsDiffer(stack.tags, tags)) {
        changes.push(resourceChange('Modify', r, replaces(old, r, changedParams)));
      }
    }
    for (const old of before.resources) if (!after.resources.some((r) => r.logicalId === old.logicalId)) changes.push(resourceChange('Remove', old));
    return changes;
  }

  private validateParameters(body: string, parameters: Parameter[]): void {
    const model = modelTemplate(body, {});
    const unknown = parameters.map((p) => p.ParameterKey ?? '').filter((k) => !(k in model.parameters));
    if (unknown.length > 0) throw awsError('ValidationError', `Parameters: [${unknown.join(', ')}] do not exist in the template`);
    const given = new Set(parameters.map((p) => p.ParameterKey));
    const missing = Object.entries(model.parameters).filter(([k, p]) => p.default === undefined && !given.has(k)).map(([k]) => k);
    if (missing.length > 0) throw awsError('ValidationError', `Parameters: [${missing.join(', ')}] must have values`);
  }

  private newStack(stackName: string, templateBody: string, parameters: Parameter[], tags: Tag[]): FakeStack {
    return {
      stackId: `arn:aws:cloudformation:${this.region}:${this.account}:stack/${stackName}/${this.nextId()}`,
      stackName, status: 'REVIEW_IN_PROGRESS', statusReason: undefined, templateBody, parameters, tags,
      resources: new Map(), outputs: [], events: [], creationTime: new Date(), lastUpdatedTime: undefined, previous: undefined, timers: [],
    };
  }

  private stackView(s: FakeStack): Stack {
    return {
      StackId: s.stackId, StackName: s.stackName, StackStatus: s.status as Stack['StackStatus'], StackStatusReason: s.statusReason,
      CreationTime: s.creationTime, LastUpdatedTime: s.lastUpdatedTime, Parameters: s.parameters, Tags: s.tags, Outputs: s.outputs,
    };
  }

  private setStatus(stack: FakeStack, status: string, reason: string | undefined): void {
    stack.status = status;
    stack.statusReason = reason;
    this.event(stack, stack.stackName, 'AWS::CloudFormation::Stack', status, reason);
  }

  private event(stack: FakeStack, logicalId: string, type: string, status: string, reason?: string): void {
    stack.events.push({
      StackId: stack.stackId, StackName: stack.stackName, EventId: `${this.nextId()}`, LogicalResourceId: logicalId, ResourceType: type,
      ResourceStatus: status as StackEvent['ResourceStatus'], ResourceStatusReason: reason, Timestamp: new Date(),
    });
  }

  private page<T>(items: T[], token: string | undefined, key: string): Record<string, unknown> {
    const size = this.options.pageSize ?? 5;
    const start = token ? Number(token) : 0;
    const next = start + size < items.length ? String(start + size) : undefined;
    return { [key]: items.slice(start, start + size), NextToken: next };
  }

  private findChangeSet(name: string | undefined, stackName: string | undefined): FakeChangeSet {
    const cs = this.changeSets.get(name ?? '') ?? [...this.changeSets.values()].find((c) => c.name === name && c.stackName === stackName);
    if (!cs) throw awsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`);
    return cs;
  }

  private requireStack(name: string | undefined): FakeStack {
    const stack = this.stacks.get(name ?? '');
    if (!stack) throw awsError('ValidationError', `Stack [${name}] does not exist`);
    return stack;
  }

  private seconds(type: string): number {
    return this.options.createSeconds?.(type) ?? 1;
  }

  /** deterministic, type-shaped output values, so dependants get something that looks real */
  private outputValue(stackName: string, key: string): string {
    const h = createHash('sha256').update(`${stackName}/${key}`).digest('hex').slice(0, 8);
    if (key === 'GatewayUrl' || key === 'CollectorEndpoint' || key === 'Issuer' || key === 'HostedUiUrl') return `https://${key.toLowerCase()}-${h}.example.com`;
    if (key === 'ImageRepositoryUri') return `${this.account}.dkr.ecr.${this.region}.amazonaws.com/${stackName}`;
    if (key.endsWith('SubnetIds')) return `subnet-${h}a,subnet-${h}b`;
    if (key.endsWith('Cidrs')) return '10.20.0.0/24,10.20.1.0/24';
    if (key === 'VpcCidr') return '10.20.0.0/16';
    if (key.endsWith('Port')) return '5432';
    if (key.endsWith('Arn')) return `arn:aws:cloudformation:${this.region}:${this.account}:${stackName}/${key}/${h}`;
    if (key === 'VpcId') return `vpc-${h}`;
    if (key.endsWith('SecurityGroupId')) return `sg-${h}`;
    return `${stackName}-${key}-${h}`;
  }

  private nextId(): string {
    this.serial += 1;
    return String(this.serial).padStart(6, '0');
  }
  private get account() { return this.options.accountId ?? '123456789012'; }
  private get region() { return this.options.region ?? 'us-east-1'; }
}

/** ARNs for the resource types whose physical id is one, names otherwise. */
function physicalId(stackName: string, r: FakeResource): string {
  if (r.type === 'AWS::SecretsManager::Secret') return `arn:aws:secretsmanager:us-east-1:123456789012:secret:${stackName}-${r.logicalId}-AbCdEf`;
  return `${stackName}-${r.logicalId}`.toLowerCase();
}

const toValues = (parameters: Parameter[]): Record<string, string> => Object.fromEntries(parameters.map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
const tagsDiffer = (a: Tag[], b: Tag[]) => JSON.stringify(sortTags(a)) !== JSON.stringify(sortTags(b));
const sortTags = (t: Tag[]) => [...t].sort((x, y) => (x.Key ?? '').localeCompare(y.Key ?? ''));

// Properties that, when they change, make CloudFormation replace the resource (a few, as seen).
const REPLACING_PROPERTIES = ['ClientRootCertificateArn', 'ServerCertificateArn', 'CidrBlock', 'Engine', 'DomainName', 'UserPoolName', 'Domain'];
function replaces(old: ModelResource, next: ModelResource, changedParams: Set<string>): 'True' | 'False' {
  const a = (old.body as { Properties?: Record<string, unknown> }).Properties ?? {};
  const b = (next.body as { Properties?: Record<string, unknown> }).Properties ?? {};
  return REPLACING_PROPERTIES.some((p) => JSON.stringify(a[p]) !== JSON.stringify(b[p]) || (JSON.stringify(b[p] ?? '').match(/"Ref":"(\w+)"/)?.[1] ?? '') !== '' && changedParams.has(JSON.stringify(b[p]).match(/"Ref":"(\w+)"/)?.[1] ?? ''))
    ? 'True' : 'False';
}

function resourceChange(action: 'Add' | 'Modify' | 'Remove', r: ModelResource, replacement?: 'True' | 'False'): Change {
  return { Type: 'Resource', ResourceChange: { Action: action, LogicalResourceId: r.logicalId, ResourceType: r.type, ...(replacement ? { Replacement: replacement } : {}) } };
}
