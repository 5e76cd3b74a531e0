// A stateful fake of the CloudFormation API, to the behaviour written in
// fake-cloudformation.md: change sets, stack operations that progress on timers, events
// newest-first and paginated, rollbacks, and injected faults (throttling, expired
// credentials, a failing resource). Installed on an aws-sdk-client-mock; any command it
// does not model fails the test. It refuses what CloudFormation refuses; each rule names the
// AWS documentation page it follows.
import { createHash } from 'node:crypto';
import {
  CloudFormationServiceException, CreateChangeSetCommand, DeleteChangeSetCommand, DeleteStackCommand,
  DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand,
  GetTemplateCommand, ListStackResourcesCommand,
  type Change, type CreateChangeSetInput, type Parameter, type Stack, type StackEvent, type Tag,
} from '@aws-sdk/client-cloudformation';
import type { AwsStub } from 'aws-sdk-client-mock';
import { parameterValueProblem } from '@cagw/cloudformation';
import { customNameOf } from './custom-name.ts';
import { propertyRecreations, replacementOf, sameValue, type PropertyRecreation, type Replacement } from './replacement-policy.ts';
import { resourceSpecification } from './resource-specification.ts';
import { createRefusal, type ExistingResource } from './service-create-rules.ts';
import { modelTemplate, resolveProperties, resolveValue, type ModelResource, type TemplateModel, type ValueLookup } from './template-model.ts';
import { stackTagsRefusal } from './stack-tag-rules.ts';
import { failedRuleAssertion } from './template-rules.ts';

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

interface FakeResource {
  logicalId: string;
  type: string;
  status: string;
  deletionPolicy: string | undefined;
  physicalId: string;
  /** the account-wide name it holds (type|name), if its type has one */
  nameKey: string | undefined;
  dependsOn: string[];
  /** an RDS instance created with DeletionProtection: true, until lifted */
  deletionProtection: boolean;
  /** what happens to this physical resource when an update replaces it */
  updateReplacePolicy: string | undefined;
  /** its properties as last created or updated, resolved (real physical ids, parameter values) */
  properties: Record<string, unknown> | undefined;
}
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
  previous: { templateBody: string; parameters: Parameter[]; outputs: FakeStack['outputs']; resources: Map<string, FakeResource> } | undefined;
  /** old physical resources an update replaced, deleted in its cleanup phase (or kept by UpdateReplacePolicy) */
  replaced: FakeResource[];
  timers: ReturnType<typeof setTimeout>[];
}
interface FakeChangeSet {
  id: string;
  name: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  status: 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'FAILED';
  statusReason: string | undefined;
  clientToken: string | undefined;
  templateBody: string;
  parameters: Parameter[];
  tags: Tag[];
  changes: Change[];
}

type CommandName = string;
// CloudFormation quotas (AWS CloudFormation User Guide, "Understand CloudFormation quotas"):
// a template body passed inline is at most 51,200 bytes, one in S3 at most 1 MB.
export const TEMPLATE_BODY_LIMIT = 51_200;
export const TEMPLATE_URL_LIMIT = 1_048_576;
// The same page: a parameter value is at most 4,096 bytes. The quota is documented; the wording
// of the refusal is ours (no AWS page quotes it).
export const PARAMETER_VALUE_LIMIT = 4_096;
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
  private readonly denied = new Set<CommandName>();
  private readonly counts = new Map<CommandName, number>();
  /** account-wide physical names (type|name) and who holds them; stack undefined = left behind (Retain) */
  private readonly names = new Map<string, { stack: string | undefined; logicalId: string; physicalId: string }>();
  /** ids that exist in the account outside any stack (a VPC made by hand, say) */
  private readonly existing = new Map<string, string>();
  /** objects in S3 a TemplateURL can point at */
  private readonly templateObjects = new Map<string, string>();
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
    this.denied.clear();
    this.executions.length = 0;
    this.snapshots.length = 0;
    this.names.clear();
    this.existing.clear();
    this.templateObjects.clear();
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
  /** from now on every call of this command answers AccessDenied (a permission taken away mid-run) */
  denyAccess(command: CommandName): void {
    this.denied.add(command);
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

  /** something that exists in the account outside the stacks: an AWS-specific parameter may name it */
  seedExisting(resourceType: string, id: string): void {
    this.existing.set(id, resourceType);
  }
  /** a named resource left in the account, as by an earlier deployment or another tool */
  seedLeftBehind(resourceType: string, name: string): void {
    this.names.set(`${resourceType}|${name}`, { stack: undefined, logicalId: '', physicalId: name });
  }
  /** an object in S3 that a TemplateURL can name (what an upload would have put there) */
  putTemplateObject(url: string, body: string): void {
    this.templateObjects.set(url, body);
  }
  /** what the RDS API would do for ModifyDBInstance DeletionProtection=false */
  liftDeletionProtection(dbInstanceIdentifier: string): boolean {
    for (const stack of this.stacks.values()) {
      for (const r of stack.resources.values()) {
        if (r.type === 'AWS::RDS::DBInstance' && r.physicalId === dbInstanceIdentifier) {
          r.deletionProtection = false;
          return true;
        }
      }
    }
    return false;
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
  /** named resources no stack holds any more (DeletionPolicy Retain), as type|name */
  leftBehind(): string[] {
    return [...this.names.entries()].filter(([, v]) => v.stack === undefined).map(([k]) => k).sort();
  }
  /** Whether a role of this ARN exists: an AWS::IAM::Role some stack made (IAM ARNs are global: arn:aws:iam::<account>:role/<name>). */
  private roleExists(arn: string): boolean {
    return [...this.stacks.values()].some((s) => [...s.resources.values()].some((r) => r.type === 'AWS::IAM::Role' && `arn:aws:iam::${this.account}:role/${r.physicalId}` === arn));
  }
  /** the physical ids of a stack's resources, by logical id */
  resourcesOf(stackName: string): Record<string, string> {
    return Object.fromEntries([...(this.stacks.get(stackName)?.resources.values() ?? [])].map((r) => [r.logicalId, r.physicalId]));
  }
  /**
   * The properties a resource of this type and physical id was last created or updated with (a
   * new object on each create or update), for a fake of its service; undefined when none exists.
   */
  propertiesOfResource(resourceType: string, physicalId: string): Readonly<Record<string, unknown>> | undefined {
    const all = [...this.stacks.values()].flatMap((s) => [...s.resources.values(), ...s.replaced]);
    return all.find((r) => r.type === resourceType && r.physicalId === physicalId)?.properties;
  }

  // ── the API ───────────────────────────────────────────────────────────────
  private gate(command: CommandName): void {
    this.counts.set(command, (this.counts.get(command) ?? 0) + 1);
    if (this.credentialsExpireAfter !== undefined) {
      if (this.credentialsExpireAfter <= 0) throw awsError('ExpiredToken', 'The security token included in the request is expired');
      this.credentialsExpireAfter -= 1;
    }
    if (this.denied.has(command)) throw awsError('AccessDenied', `User: arn:aws:sts::${this.account}:assumed-role/deployer/cagw is not authorized to perform: cloudformation:${command}`);
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
    const body = this.templateOf(input);
    // the request's own constraints come first: nothing is made for tags CloudFormation refuses
    const tagRefusal = stackTagsRefusal(input.Tags ?? []);
    if (tagRefusal !== undefined) throw awsError('ValidationError', tagRefusal);
    // RoleARN must name a role CloudFormation can assume (CreateChangeSet, RoleARN:
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html);
    // here the roles are those the fake's own stacks made
    if (input.RoleARN !== undefined && !this.roleExists(input.RoleARN)) throw awsError('ValidationError', `Role ${input.RoleARN} is invalid or cannot be assumed`);
    const same = [...this.changeSets.values()].find((c) => c.stackName === stackName && c.name === input.ChangeSetName);
    // a retried request with the same ClientToken is the same change set (CreateChangeSet, ClientToken)
    if (same && input.ClientToken !== undefined && same.clientToken === input.ClientToken) return { Id: same.id, StackId: existing?.stackId };
    if (type === 'CREATE' && existing && existing.status !== 'REVIEW_IN_PROGRESS') throw awsError('AlreadyExistsException', `Stack [${stackName}] already exists`);
    if (type === 'UPDATE' && !existing) throw awsError('ValidationError', `Stack [${stackName}] does not exist`);
    if (type === 'UPDATE' && existing?.status === 'REVIEW_IN_PROGRESS') throw awsError('ValidationError', `Stack [${stackName}] does not exist`);
    if (existing && /_IN_PROGRESS$/.test(existing.status) && existing.status !== 'REVIEW_IN_PROGRESS') {
      throw awsError('ValidationError', `Stack:${existing.stackId} is in ${existing.status} state and can not be updated.`);
    }
    // "Stack status codes": a stack whose create or delete failed can only be deleted
    if (existing && ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_FAILED', 'UPDATE_ROLLBACK_FAILED'].includes(existing.status)) {
      throw awsError('ValidationError', `Stack:${existing.stackId} is in ${existing.status} state and can not be updated.`);
    }
    if (same) throw awsError('AlreadyExistsException', `ChangeSet ${input.ChangeSetName} already exists`);
    const parameters = input.Parameters ?? [];
    const model = this.validateParameters(body, parameters);
    // "Rules" (CloudFormation User Guide): assertions are checked before any change set is made,
    // and a failed one answers with its AssertDescription
    const failedRule = failedRuleAssertion(model.rules, model.parameters, model.values, this.pseudoParameters(stackName, existing?.stackId));
    if (failedRule !== undefined) throw awsError('ValidationError', failedRule);
    const needsIam = model.resources.some((r) => r.type.startsWith('AWS::IAM::'));
    if (needsIam && !(input.Capabilities ?? []).some((c) => c === 'CAPABILITY_IAM' || c === 'CAPABILITY_NAMED_IAM')) {
      throw awsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]');
    }
    const stack = existing ?? this.newStack(stackName, body, [], input.Tags ?? []);
    if (!existing) {
      stack.templateBody = '';
      this.stacks.set(stackName, stack);
      // a stack a CREATE change set makes is listed at once, with its own first event
      this.setStatus(stack, 'REVIEW_IN_PROGRESS', 'User Initiated');
    }
    const changes = type === 'CREATE' ? model.resources.map((r) => resourceChange('Add', r)) : this.diffResources(stack, body, parameters, input.Tags ?? stack.tags);
    const id = `arn:aws:cloudformation:${this.region}:${this.account}:changeSet/${input.ChangeSetName}/${this.uuid()}`;
    const cs: FakeChangeSet = {
      id, name: input.ChangeSetName ?? '', stackName, type, status: 'CREATE_PENDING', statusReason: undefined, clientToken: input.ClientToken,
      templateBody: body, parameters, tags: input.Tags ?? stack.tags, changes,
    };
    this.changeSets.set(id, cs);
    const seconds = this.options.changeSetSeconds ?? 2;
    stack.timers.push(setTimeout(() => {
      if (cs.status === 'CREATE_PENDING') cs.status = 'CREATE_IN_PROGRESS';
    }, (seconds * 1000) / 2));
    stack.timers.push(setTimeout(() => {
      if (changes.length === 0 && !tagsDiffer(stack.tags, cs.tags)) {
        cs.status = 'FAILED';
        cs.statusReason = NO_CHANGES;
      } else cs.status = 'CREATE_COMPLETE';
    }, seconds * 1000));
    return { Id: id, StackId: stack.stackId };
  }

  /** The template of a request: TemplateBody within its limit, or an S3 object TemplateURL names. */
  private templateOf(input: CreateChangeSetInput): string {
    if (input.TemplateBody !== undefined && input.TemplateURL !== undefined) throw awsError('ValidationError', 'Specify exactly one of TemplateBody or TemplateUrl.');
    if (input.TemplateURL !== undefined) {
      const body = this.templateObjects.get(input.TemplateURL);
      if (body === undefined) throw awsError('ValidationError', 'TemplateURL must reference a valid S3 object to which you have access.');
      if (Buffer.byteLength(body) > TEMPLATE_URL_LIMIT) throw awsError('ValidationError', `Template may not exceed ${TEMPLATE_URL_LIMIT} bytes in size.`);
      return body;
    }
    const body = input.TemplateBody ?? '';
    // CreateChangeSet API reference: TemplateBody "Maximum length of 51200"
    if (Buffer.byteLength(body) > TEMPLATE_BODY_LIMIT) {
      throw awsError('ValidationError', `1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${TEMPLATE_BODY_LIMIT}`);
    }
    return body;
  }

  private describeChangeSet(input: { ChangeSetName?: string; StackName?: string; NextToken?: string }) {
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    // DescribeChangeSet pages its Changes with NextToken
    const changes = this.page(cs.status === 'CREATE_COMPLETE' ? cs.changes : [], input.NextToken, 'Changes');
    return {
      ChangeSetId: cs.id, ChangeSetName: cs.name, StackName: cs.stackName, StackId: this.stacks.get(cs.stackName)?.stackId, Status: cs.status, StatusReason: cs.statusReason,
      ExecutionStatus: cs.status === 'CREATE_COMPLETE' ? 'AVAILABLE' : 'UNAVAILABLE',
      Parameters: cs.parameters, ...changes,
    };
  }

  private deleteChangeSet(input: { ChangeSetName?: string; StackName?: string }) {
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    if (cs.status === 'CREATE_PENDING' || cs.status === 'CREATE_IN_PROGRESS') {
      throw awsError('InvalidChangeSetStatus', `Cannot delete ChangeSet [${cs.id}] while it is in status [${cs.status}]`);
    }
    this.changeSets.delete(cs.id);
    return {};
  }

  private executeChangeSet(input: { ChangeSetName?: string; StackName?: string }) {
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    if (cs.status !== 'CREATE_COMPLETE') throw awsError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be executed in its current status of [${cs.status}]`);
    const stack = this.stacks.get(cs.stackName) as FakeStack;
    if (/_IN_PROGRESS$/.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw awsError('InvalidChangeSetStatus', `ChangeSet [${cs.id}] cannot be executed: stack is in ${stack.status}`);
    }
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
    const stack = this.requireStack(input.StackName);
    // A stack only reviewed (REVIEW_IN_PROGRESS) has no template of its own yet: no documented
    // answer exists, so the fake refuses and a caller that relies on one fails in tests.
    if (stack.status === 'REVIEW_IN_PROGRESS') throw awsError('ValidationError', `Stack [${stack.stackName}] is in REVIEW_IN_PROGRESS state and has no template yet`);
    return { TemplateBody: stack.templateBody };
  }

  private listStackResources(input: { StackName?: string; NextToken?: string }) {
    const stack = this.requireStack(input.StackName);
    const summaries = [...stack.resources.values()].map((r) => ({ LogicalResourceId: r.logicalId, PhysicalResourceId: r.physicalId, ResourceType: r.type, ResourceStatus: r.status }));
    return this.page(summaries, input.NextToken, 'StackResourceSummaries');
  }

  private deleteStack(input: { StackName?: string }) {
    const stack = this.stacks.get(input.StackName ?? '') ?? [...this.stacks.values()].find((s) => s.stackId === input.StackName);
    // DeleteStack on a stack that does not exist succeeds; one being deleted is left to it
    if (!stack || stack.status === 'DELETE_IN_PROGRESS') return {};
    // "Stack status codes": no operation starts while another runs (cleanup phases included)
    if (/_IN_PROGRESS$/.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw awsError('ValidationError', `Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`);
    }
    stack.timers.forEach(clearTimeout);
    stack.timers = [];
    this.setStatus(stack, 'DELETE_IN_PROGRESS', 'User Initiated');
    const seconds = Math.max(1, ...[...stack.resources.values()].map((r) => this.seconds(r.type) / 2));
    stack.timers.push(setTimeout(() => {
      // An RDS instance with deletion protection cannot be deleted ("Deleting a DB instance",
      // Amazon RDS User Guide): it fails, and so the stack ends DELETE_FAILED holding it and
      // everything it depends on ("Stack status codes": DELETE_FAILED).
      const failed = [...stack.resources.values()].filter((r) => r.deletionProtection);
      const keep = new Set<string>();
      const hold = (id: string) => {
        if (keep.has(id)) return;
        keep.add(id);
        stack.resources.get(id)?.dependsOn.forEach(hold);
      };
      failed.forEach((r) => hold(r.logicalId));
      for (const r of [...stack.resources.values()]) {
        if (keep.has(r.logicalId)) continue;
        this.removeResource(stack, r);
      }
      if (failed.length > 0) {
        for (const r of failed) {
          r.status = 'DELETE_FAILED';
          this.event(stack, r.logicalId, r.type, 'DELETE_FAILED', `Cannot delete protected DB Instance, please disable deletion protection and try again. (Service: Rds, Status Code: 400)`);
        }
        this.setStatus(stack, 'DELETE_FAILED', `The following resource(s) failed to delete: [${failed.map((r) => r.logicalId).join(', ')}]. `);
        return;
      }
      this.setStatus(stack, 'DELETE_COMPLETE', undefined);
      this.stacks.delete(stack.stackName);
      for (const cs of [...this.changeSets.values()].filter((c) => c.stackName === stack.stackName)) this.changeSets.delete(cs.id);
    }, seconds * 1000));
    return {};
  }

  /**
   * A resource leaves its stack. DeletionPolicy Retain keeps it in the account under its name,
   * so a later create of that name fails; Snapshot deletes it after a final snapshot
   * ("DeletionPolicy attribute", CloudFormation User Guide).
   */
  private removeResource(stack: FakeStack, r: FakeResource): void {
    if (r.deletionPolicy === 'Retain') {
      this.event(stack, r.logicalId, r.type, 'DELETE_SKIPPED');
      if (r.nameKey) this.names.set(r.nameKey, { stack: undefined, logicalId: r.logicalId, physicalId: r.physicalId });
    } else {
      if (r.deletionPolicy === 'Snapshot') this.snapshots.push(`${stack.stackName}-${r.logicalId.toLowerCase()}-final-${this.nextId()}`);
      this.event(stack, r.logicalId, r.type, 'DELETE_COMPLETE');
      if (r.nameKey && this.names.get(r.nameKey)?.stack === stack.stackName) this.names.delete(r.nameKey);
    }
    stack.resources.delete(r.logicalId);
  }

  // ── operations on timers ──────────────────────────────────────────────────
  private runOperation(stack: FakeStack, cs: FakeChangeSet): void {
    const create = cs.type === 'CREATE';
    const verb = create ? 'CREATE' : 'UPDATE';
    stack.previous = create ? undefined : {
      templateBody: stack.templateBody, parameters: stack.parameters, outputs: stack.outputs,
      resources: new Map([...stack.resources].map(([id, r]) => [id, { ...r }])),
    };
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
    /** resources this update replaces, decided when each starts (what it refers to is done by then) */
    const replacing = new Set<string>();
    let failed = false;
    for (const { r, start, end: finish } of plan) {
      const action = stack.resources.has(r.logicalId) ? 'UPDATE' : 'CREATE';
      stack.timers.push(setTimeout(() => {
        if (failed) return;
        const before = stack.resources.get(r.logicalId);
        const replace = before !== undefined && this.requiresReplacement(stack, model, r, before);
        if (replace) replacing.add(r.logicalId);
        stack.resources.set(r.logicalId, {
          logicalId: r.logicalId, type: r.type, status: `${action}_IN_PROGRESS`, deletionPolicy: r.deletionPolicy, dependsOn: r.dependsOn,
          physicalId: before?.physicalId ?? '', nameKey: before?.nameKey, deletionProtection: before?.deletionProtection ?? false,
          updateReplacePolicy: before?.updateReplacePolicy ?? r.updateReplacePolicy, properties: before?.properties,
        });
        // "Update behaviors of stack resources": a replacement is announced on the resource's UPDATE_IN_PROGRESS
        this.event(stack, r.logicalId, r.type, `${action}_IN_PROGRESS`, replace ? 'Requested update requires the creation of a new physical resource; hence creating one.' : undefined);
      }, start * 1000));
      stack.timers.push(setTimeout(() => {
        if (failed) return;
        const resource = stack.resources.get(r.logicalId) as FakeResource;
        const reason = this.failures.get(`${stack.stackName}/${r.logicalId}`) ?? this.completeResource(stack, resource, r, model, action, replacing.has(r.logicalId));
        if (reason !== undefined) {
          failed = true;
          this.failures.delete(`${stack.stackName}/${r.logicalId}`);
          this.fail(stack, r, action, reason, create);
          return;
        }
        resource.status = `${action}_COMPLETE`;
        const props = propertiesOf(r);
        if (r.type === 'AWS::RDS::DBInstance' && (action === 'CREATE' || replacing.has(r.logicalId))) resource.deletionProtection = props.DeletionProtection === true || props.DeletionProtection === 'true';
        this.event(stack, r.logicalId, r.type, `${action}_COMPLETE`, undefined, resource.physicalId);
      }, finish * 1000));
    }
    const total = Math.max(1, ...plan.map((p) => p.end));
    stack.timers.push(setTimeout(() => {
      if (failed) return;
      stack.outputs = model.outputs.map((key) => ({
        OutputKey: key,
        OutputValue: this.options.outputValue?.(stack.stackName, key, toValues(cs.parameters)) ?? this.evaluateOutput(stack, model, key) ?? this.outputValue(stack.stackName, key),
      }));
      if (removed.length === 0 && stack.replaced.length === 0) {
        this.setStatus(stack, `${verb}_COMPLETE`, undefined);
        return;
      }
      // removed resources, and the old ones of replaced resources, go in the cleanup phase,
      // after the update itself succeeded ("Stack status codes": UPDATE_COMPLETE_CLEANUP_IN_PROGRESS)
      this.setStatus(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', undefined);
      stack.timers.push(setTimeout(() => {
        for (const old of stack.replaced) this.removeReplaced(stack, old);
        stack.replaced = [];
        for (const id of removed) {
          const r = stack.resources.get(id);
          if (r) this.removeResource(stack, r);
        }
        this.setStatus(stack, 'UPDATE_COMPLETE', undefined);
      }, 2_000));
    }, total * 1000 + 1));
  }

  /**
   * Whether this update replaces a resource, judged when it starts from its properties then and
   * now, both resolved with real physical ids (so a resource that refers to one just replaced
   * sees the new id). A change the specification marks 'maybe' (Replacement Conditional in the
   * change set) is updated in place here: the fake cannot know the service's answer.
   */
  private requiresReplacement(stack: FakeStack, model: TemplateModel, r: ModelResource, before: FakeResource): boolean {
    if (before.properties === undefined) return false;
    return replacementOf(propertyRecreations(r.type, before.properties, this.resolvedProperties(stack, model, r))) === 'True';
  }

  /** A resource's properties as the service receives them: parameters, physical ids and the attributes the fake knows. */
  private resolvedProperties(stack: FakeStack, model: TemplateModel, r: ModelResource): Record<string, unknown> {
    const lookup = this.lookup(stack, model);
    return resolveProperties(propertiesOf(r), {
      ...lookup,
      // an attribute the fake does not shape follows the physical id, so it changes when that does
      attribute: (id, attribute) => lookup.attribute(id, attribute) ?? (stack.resources.get(id)?.physicalId ? `${stack.resources.get(id)?.physicalId}.${attribute}` : undefined),
    }) as Record<string, unknown>;
  }

  /**
   * A resource's create or update reaches the service; returns the failure reason, if any.
   *
   * - A replacement that would keep the custom name the old resource holds fails ("Name type",
   *   CloudFormation User Guide; custom-name.ts says which properties name a resource).
   * - A create, or the create a replacement starts with, meets the service's rules about what
   *   already exists (service-create-rules.ts) — the old resource of a replacement still exists.
   * - A custom name is unique per account and region across every stack and every retained
   *   resource ("you can't perform an update that ... reuses a custom name"; a create of a name
   *   in use fails "already exists").
   * Then the resource takes its physical id: a new one when replaced (the old one waits for the
   * cleanup phase), else the one it has.
   */
  private completeResource(stack: FakeStack, resource: FakeResource, r: ModelResource, model: TemplateModel, action: string, replace: boolean): string | undefined {
    const properties = this.resolvedProperties(stack, model, r);
    const name = customNameOf(r.type, properties);
    if (replace) {
      const oldName = resource.properties ? customNameOf(r.type, resource.properties) : undefined;
      if (oldName && name && oldName.name === name.name) {
        return `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${resource.physicalId} and update the stack again.`;
      }
    }
    if (action === 'CREATE' || replace) {
      const refusal = createRefusal(r.type, properties, this.accountResources());
      if (refusal !== undefined) return refusal;
    }
    const nameKey = name ? `${r.type}|${name.name}` : undefined;
    if (nameKey && nameKey !== resource.nameKey) {
      const holder = this.names.get(nameKey);
      if (holder && !(holder.stack === stack.stackName && holder.logicalId === r.logicalId)) {
        return `Resource of type '${r.type}' with identifier '${name?.name}' already exists.`;
      }
    }
    if (replace) {
      stack.replaced.push({ ...resource });
      resource.physicalId = this.physicalIdFor(stack, r, referenceName(r.type, properties, name?.name));
      resource.updateReplacePolicy = r.updateReplacePolicy;
    } else {
      if (resource.nameKey && resource.nameKey !== nameKey && this.names.get(resource.nameKey)?.stack === stack.stackName) this.names.delete(resource.nameKey);
      if (!resource.physicalId || (nameKey && nameKey !== resource.nameKey)) resource.physicalId = this.physicalIdFor(stack, r, referenceName(r.type, properties, name?.name));
    }
    resource.nameKey = nameKey;
    resource.properties = properties;
    if (nameKey) this.names.set(nameKey, { stack: stack.stackName, logicalId: r.logicalId, physicalId: resource.physicalId });
    return undefined;
  }

  /** every resource that exists in the account now, with its properties: those of every stack, and old ones awaiting cleanup */
  private accountResources(): ExistingResource[] {
    return [...this.stacks.values()].flatMap((s) => [...s.resources.values(), ...s.replaced]).filter((r) => r.physicalId !== '' && r.properties !== undefined);
  }

  /**
   * The old physical resource of a replacement leaves in the cleanup phase: deleted, unless
   * UpdateReplacePolicy keeps it (Retain: it stays in the account under its name) or snapshots
   * it first ("UpdateReplacePolicy attribute", CloudFormation User Guide).
   */
  private removeReplaced(stack: FakeStack, old: FakeResource): void {
    const ownsName = old.nameKey !== undefined && this.names.get(old.nameKey)?.physicalId === old.physicalId;
    if (old.updateReplacePolicy === 'Retain') {
      this.event(stack, old.logicalId, old.type, 'DELETE_SKIPPED', undefined, old.physicalId);
      if (ownsName && old.nameKey) this.names.set(old.nameKey, { stack: undefined, logicalId: old.logicalId, physicalId: old.physicalId });
      return;
    }
    if (old.updateReplacePolicy === 'Snapshot') this.snapshots.push(`${stack.stackName}-${old.logicalId.toLowerCase()}-replaced-${this.nextId()}`);
    this.event(stack, old.logicalId, old.type, 'DELETE_IN_PROGRESS', undefined, old.physicalId);
    this.event(stack, old.logicalId, old.type, 'DELETE_COMPLETE', undefined, old.physicalId);
    if (ownsName && old.nameKey) this.names.delete(old.nameKey);
  }

  private fail(stack: FakeStack, r: ModelResource, action: string, reason: string, create: boolean): void {
    this.event(stack, r.logicalId, r.type, `${action}_FAILED`, reason);
    for (const other of stack.resources.values()) {
      if (other.status.endsWith('_IN_PROGRESS') && other.logicalId !== r.logicalId) {
        other.status = `${action}_FAILED`;
        this.event(stack, other.logicalId, other.type, `${action}_FAILED`, `Resource ${action === 'CREATE' ? 'creation' : 'update'} cancelled`);
      }
    }
    const failedNew = stack.resources.get(r.logicalId);
    if (failedNew && !failedNew.physicalId) stack.resources.delete(r.logicalId);
    const rollback = create ? 'ROLLBACK' : 'UPDATE_ROLLBACK';
    this.setStatus(stack, `${rollback}_IN_PROGRESS`, `The following resource(s) failed to ${action.toLowerCase()}: [${r.logicalId}]. Rollback requested by user.`);
    stack.timers.push(setTimeout(() => {
      if (create) {
        // a failed create deletes what it made (DeletionPolicy applies: Retain keeps it)
        for (const other of [...stack.resources.values()]) {
          if (other.physicalId) this.removeResource(stack, other);
          else stack.resources.delete(other.logicalId);
        }
        this.setStatus(stack, 'ROLLBACK_COMPLETE', undefined);
        return;
      }
      if (stack.previous) {
        stack.templateBody = stack.previous.templateBody;
        stack.parameters = stack.previous.parameters;
        stack.outputs = stack.previous.outputs;
        const previous = stack.previous.resources;
        for (const current of [...stack.resources.values()]) {
          const was = previous.get(current.logicalId);
          if (!was) {
            // resources the update added are deleted in the rollback's cleanup phase
            if (current.physicalId) this.removeResource(stack, current);
            else stack.resources.delete(current.logicalId);
          } else if (current.physicalId !== was.physicalId) {
            // the new resource of a replacement goes; the old one, never deleted, is the resource again
            this.event(stack, current.logicalId, current.type, 'DELETE_COMPLETE', undefined, current.physicalId);
            if (current.nameKey && this.names.get(current.nameKey)?.physicalId === current.physicalId) this.names.delete(current.nameKey);
          }
        }
        for (const [id, was] of previous) {
          stack.resources.set(id, { ...was, status: 'UPDATE_COMPLETE' });
          if (was.nameKey) this.names.set(was.nameKey, { stack: stack.stackName, logicalId: id, physicalId: was.physicalId });
        }
        stack.replaced = [];
      }
      this.setStatus(stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', undefined);
      stack.timers.push(setTimeout(() => this.setStatus(stack, 'UPDATE_ROLLBACK_COMPLETE', undefined), 2_000));
    }, 5_000));
  }

  // ── helpers ───────────────────────────────────────────────────────────────
  /**
   * What an update changes, per resource, as a change set reports it (CloudFormation API
   * reference, ResourceChange): Add, Remove, or Modify with the properties that changed, what
   * each requires (RequiresRecreation from the resource specification, see replacement-policy.ts)
   * and the resource's Replacement. Properties are compared resolved: a parameter whose value
   * changed changes every property built from it (ChangeSource ParameterReference); a reference
   * to a resource this update may replace is a value only known when the update runs
   * (Evaluation Dynamic, ChangeSource ResourceReference). Resources are judged in dependency
   * order, so a replacement shows on what refers to it.
   */
  private diffResources(stack: FakeStack, body: string, parameters: Parameter[], tags: Tag[]): Change[] {
    const before = modelTemplate(stack.templateBody, toValues(stack.parameters));
    const after = modelTemplate(body, toValues(parameters));
    const tagsChanged = tagsDiffer(stack.tags, tags);
    const mayBeReplaced = new Set<string>();
    const AFTER_REPLACEMENT = ' after its replacement>';
    const token = (id: string) => (mayBeReplaced.has(id) ? `<${id}${AFTER_REPLACEMENT}` : `<${id}>`);
    const pseudo = this.pseudoParameters(stack.stackName, stack.stackId);
    const lookupOf = (model: TemplateModel, replacements: boolean): ValueLookup => ({
      parameter: (name) => model.values[name],
      resource: (id) => (replacements ? token(id) : `<${id}>`),
      attribute: (id, attribute) => `${replacements ? token(id) : `<${id}>`}.${attribute}`,
      pseudo: (name) => pseudo[name],
    });
    // a logical id keeps its type: CloudFormation refuses the request before any change set exists
    const retyped = after.resources.filter((r) => before.resources.some((o) => o.logicalId === r.logicalId && o.type !== r.type)).map((r) => r.logicalId);
    if (retyped.length > 0) throw awsError('ValidationError', `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${retyped.join(', ')}]`);
    const changes = new Map<string, Change>();
    for (const r of inDependencyOrder(after.resources)) {
      const old = before.resources.find((o) => o.logicalId === r.logicalId);
      if (!old) {
        changes.set(r.logicalId, resourceChange('Add', r));
        continue;
      }
      const a = resolveProperties(propertiesOf(old), lookupOf(before, false)) as Record<string, unknown>;
      const b = resolveProperties(propertiesOf(r), lookupOf(after, true)) as Record<string, unknown>;
      const recreations = propertyRecreations(r.type, a, b);
      const elsewhere = !sameValue({ ...bodyOf(old), Properties: undefined }, { ...bodyOf(r), Properties: undefined });
      if (recreations.length === 0 && !elsewhere && !tagsChanged) continue;
      const dynamic = new Set(recreations.filter((c) => JSON.stringify(b[c.name] ?? null).includes(AFTER_REPLACEMENT)).map((c) => c.name));
      const replacement = replacementOf(recreations, dynamic);
      if (replacement !== 'False') mayBeReplaced.add(r.logicalId);
      const source = (c: PropertyRecreation) => (dynamic.has(c.name) ? 'ResourceReference' : sameValue(propertiesOf(old)[c.name], propertiesOf(r)[c.name]) ? 'ParameterReference' : 'DirectModification');
      changes.set(r.logicalId, resourceChange('Modify', r, replacement, recreations.map((c) => ({
        Target: { Attribute: 'Properties', Name: c.name, RequiresRecreation: c.requiresRecreation },
        Evaluation: dynamic.has(c.name) ? 'Dynamic' : 'Static', ChangeSource: source(c),
      })), tagsChanged));
    }
    const ordered = after.resources.map((r) => changes.get(r.logicalId)).filter((c): c is Change => c !== undefined);
    for (const old of before.resources) if (!after.resources.some((r) => r.logicalId === old.logicalId)) ordered.push(resourceChange('Remove', old));
    return ordered;
  }

  /**
   * Parameters as CloudFormation checks them before a change set is made ("Parameters",
   * CloudFormation User Guide; "Specify existing resources at runtime with CloudFormation-supplied
   * parameter types"): no unknown names, a value for each parameter without a default, every
   * value (a default too) within AllowedValues, AllowedPattern, lengths and range, and an
   * AWS-specific type naming something that exists in the account.
   */
  private validateParameters(body: string, parameters: Parameter[]): TemplateModel {
    const declared = modelTemplate(body, {});
    const unknown = parameters.map((p) => p.ParameterKey ?? '').filter((k) => !(k in declared.parameters));
    if (unknown.length > 0) throw awsError('ValidationError', `Parameters: [${unknown.join(', ')}] do not exist in the template`);
    const given = new Set(parameters.map((p) => p.ParameterKey));
    const missing = Object.entries(declared.parameters).filter(([k, p]) => p.default === undefined && !given.has(k)).map(([k]) => k);
    if (missing.length > 0) throw awsError('ValidationError', `Parameters: [${missing.join(', ')}] must have values`);
    const oversized = parameters.filter((p) => Buffer.byteLength(p.ParameterValue ?? '') > PARAMETER_VALUE_LIMIT);
    if (oversized.length > 0) {
      throw awsError('ValidationError', `Parameters: [${oversized.map((p) => p.ParameterKey).join(', ')}] have values longer than the maximum of ${PARAMETER_VALUE_LIMIT} bytes`);
    }
    const model = modelTemplate(body, toValues(parameters));
    for (const [name, p] of Object.entries(model.parameters)) {
      const value = model.values[name] ?? '';
      const problem = parameterValueProblem(value, p.constraints);
      if (problem) throw awsError('ValidationError', `Parameter '${name}' failed to satisfy constraint: ${p.constraints.constraintDescription ?? `"${value}" ${problem}`}`);
      const kind = /^(?:List<)?(AWS::EC2::[A-Za-z]+::Id|AWS::Route53::HostedZone::Id|AWS::EC2::KeyPair::KeyName)>?$/.exec(p.type)?.[1];
      if (!kind) continue;
      const isList = p.type.startsWith('List<');
      for (const id of isList ? value.split(',').map((v) => v.trim()).filter(Boolean) : [value]) {
        if (!this.knownIds(kind).has(id)) {
          throw awsError('ValidationError', `Parameter validation failed: parameter value ${id} for parameter name ${name} does not exist. Rerun the command with a valid value.`);
        }
      }
    }
    return model;
  }

  /** ids of one AWS-specific parameter type that exist: made by a stack, or seeded */
  private knownIds(parameterType: string): Set<string> {
    const resourceType = PARAMETER_TYPE_RESOURCE[parameterType] ?? parameterType;
    const ids = new Set([...this.existing].filter(([, t]) => t === resourceType || t === parameterType).map(([id]) => id));
    for (const stack of this.stacks.values()) for (const r of stack.resources.values()) if (r.type === resourceType && r.physicalId) ids.add(r.physicalId);
    return ids;
  }

  private lookup(stack: FakeStack, model: TemplateModel) {
    return {
      parameter: (name: string) => model.values[name],
      resource: (id: string) => stack.resources.get(id)?.physicalId || undefined,
      attribute: (id: string, attribute: string) => this.attribute(stack, model, id, attribute),
      pseudo: (name: string) => this.pseudoParameters(stack.stackName, stack.stackId)[name],
    };
  }

  /** the pseudo parameters of a stack ("Pseudo parameters reference", CloudFormation User Guide) */
  private pseudoParameters(stackName: string, stackId: string | undefined): Record<string, string> {
    return {
      'AWS::Region': this.region, 'AWS::AccountId': this.account, 'AWS::StackName': stackName, 'AWS::URLSuffix': 'amazonaws.com', 'AWS::Partition': 'aws',
      ...(stackId ? { 'AWS::StackId': stackId } : {}),
    };
  }

  /** a few attributes shaped like the real ones; undefined for the rest */
  private attribute(stack: FakeStack, model: TemplateModel, id: string, attribute: string): string | undefined {
    const r = stack.resources.get(id);
    if (!r?.physicalId) return undefined;
    const props = (model.resources.find((m) => m.logicalId === id)?.body as { Properties?: Record<string, unknown> } | undefined)?.Properties ?? {};
    if (attribute === 'RepositoryUri') return `${this.account}.dkr.ecr.${this.region}.amazonaws.com/${r.physicalId}`;
    if (attribute === 'CidrBlock') return resolveValue(props.CidrBlock, this.lookup(stack, model));
    if (attribute === 'Endpoint.Address') return `${r.physicalId}.c9akciq32lce.${this.region}.rds.amazonaws.com`;
    if (attribute === 'Endpoint.Port') return '5432';
    // IAM is global: a role's ARN has no region and names the role by its path and name
    // (arn:aws:iam::123456789012:role/NAME, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html)
    if (attribute === 'Arn' && r.type === 'AWS::IAM::Role' && !r.physicalId.startsWith('arn:')) return `arn:aws:iam::${this.account}:role/${r.physicalId}`;
    // a bucket's ARN has neither region nor account, a key's names it as key/ID (the Fn::GetAtt
    // return values of AWS::S3::Bucket and AWS::KMS::Key, CloudFormation Template Reference)
    if (attribute === 'Arn' && r.type === 'AWS::S3::Bucket') return `arn:aws:s3:::${r.physicalId}`;
    if (attribute === 'Arn' && r.type === 'AWS::KMS::Key') return `arn:aws:kms:${this.region}:${this.account}:key/${r.physicalId}`;
    if (attribute === 'Arn') return r.physicalId.startsWith('arn:') ? r.physicalId : `arn:aws:${r.type.split('::')[1]?.toLowerCase()}:${this.region}:${this.account}:${r.physicalId}`;
    return undefined;
  }

  private evaluateOutput(stack: FakeStack, model: TemplateModel, key: string): string | undefined {
    return resolveValue(model.outputValues[key], this.lookup(stack, model));
  }

  /** physical ids in the shapes the services give them */
  private physicalIdFor(stack: FakeStack, r: ModelResource, name: string | undefined): string {
    const hex = createHash('sha256').update(`${stack.stackId}/${r.logicalId}/${this.nextId()}`).digest('hex');
    const id17 = `0${hex.slice(0, 16)}`;
    const generated = `${stack.stackName}-${r.logicalId}-${hex.slice(16, 28).toUpperCase()}`;
    switch (r.type) {
      case 'AWS::EC2::VPC': return `vpc-${id17}`;
      case 'AWS::EC2::Subnet': return `subnet-${id17}`;
      case 'AWS::EC2::SecurityGroup': return `sg-${id17}`;
      case 'AWS::EC2::InternetGateway': return `igw-${id17}`;
      case 'AWS::EC2::NatGateway': return `nat-${id17}`;
      case 'AWS::EC2::RouteTable': return `rtb-${id17}`;
      case 'AWS::EC2::VPCEndpoint': return `vpce-${id17}`;
      case 'AWS::EC2::ClientVpnEndpoint': return `cvpn-endpoint-${id17}`;
      case 'AWS::Route53::HostedZone': return `Z0${hex.slice(0, 19).toUpperCase()}`;
      case 'AWS::CertificateManager::Certificate': return `arn:aws:acm:${this.region}:${this.account}:certificate/${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
      case 'AWS::SecretsManager::Secret': return `arn:aws:secretsmanager:${this.region}:${this.account}:secret:${name ?? `${stack.stackName}-${r.logicalId}`}-AbCdEf`;
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer': return `arn:aws:elasticloadbalancing:${this.region}:${this.account}:loadbalancer/app/${(name ?? generated).slice(0, 32)}/${hex.slice(0, 16)}`;
      case 'AWS::ElasticLoadBalancingV2::TargetGroup': return `arn:aws:elasticloadbalancing:${this.region}:${this.account}:targetgroup/${(name ?? generated).slice(0, 32)}/${hex.slice(0, 16)}`;
      case 'AWS::Cognito::UserPool': return `${this.region}_${hex.slice(0, 9).replace(/[0-9]/g, (d) => 'ABCDEFGHIJ'[Number(d)] as string)}`;
      case 'AWS::Cognito::UserPoolClient': return hex.slice(0, 26).replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)] as string);
      case 'AWS::SNS::Topic': return `arn:aws:sns:${this.region}:${this.account}:${name ?? generated}`;
      case 'AWS::SQS::Queue': return `https://sqs.${this.region}.amazonaws.com/${this.account}/${name ?? generated}`;
      case 'AWS::ECS::Service': return `arn:aws:ecs:${this.region}:${this.account}:service/${stack.stackName}/${name ?? generated}`;
      case 'AWS::ECS::TaskDefinition': return `arn:aws:ecs:${this.region}:${this.account}:task-definition/${stack.stackName}-${r.logicalId}:1`;
      case 'AWS::ECR::Repository': case 'AWS::RDS::DBInstance': return (name ?? generated).toLowerCase();
      default: return name ?? generated;
    }
  }

  private newStack(stackName: string, templateBody: string, parameters: Parameter[], tags: Tag[]): FakeStack {
    return {
      stackId: `arn:aws:cloudformation:${this.region}:${this.account}:stack/${stackName}/${this.uuid()}`,
      stackName, status: 'REVIEW_IN_PROGRESS', statusReason: undefined, templateBody, parameters, tags,
      resources: new Map(), outputs: [], events: [], creationTime: new Date(), lastUpdatedTime: undefined, previous: undefined, replaced: [], timers: [],
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

  private event(stack: FakeStack, logicalId: string, type: string, status: string, reason?: string, physicalId?: string): void {
    stack.events.push({
      StackId: stack.stackId, StackName: stack.stackName, EventId: `${this.nextId()}`, LogicalResourceId: logicalId, ResourceType: type,
      ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
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
  /** a UUID as in stack and change set ARNs */
  private uuid(): string {
    const h = createHash('sha256').update(`uuid/${this.nextId()}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }
  private get account() { return this.options.accountId ?? '123456789012'; }
  private get region() { return this.options.region ?? 'us-east-1'; }
}

/**
 * What Ref of a resource returns when the template names it: the type's CloudFormation
 * identifier (`cfnRefIdentifier`, e.g. a user pool user's Username) when the template sets it,
 * else its custom name (custom-name.ts); undefined leaves the fake to make a generated one.
 */
function referenceName(resourceType: string, properties: Record<string, unknown>, customName: string | undefined): string | undefined {
  const reference = resourceSpecification(resourceType)?.cfnRefIdentifier ?? [];
  const values = reference.map((p) => properties[p]);
  if (reference.length > 0 && values.every((v) => typeof v === 'string' && v !== '')) return values.join('|');
  return customName;
}

// the resource type whose ids an AWS-specific parameter type takes
const PARAMETER_TYPE_RESOURCE: Record<string, string> = {
  'AWS::EC2::VPC::Id': 'AWS::EC2::VPC', 'AWS::EC2::SecurityGroup::Id': 'AWS::EC2::SecurityGroup', 'AWS::EC2::Subnet::Id': 'AWS::EC2::Subnet',
  'AWS::Route53::HostedZone::Id': 'AWS::Route53::HostedZone',
};

const toValues = (parameters: Parameter[]): Record<string, string> => Object.fromEntries(parameters.map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
const tagsDiffer = (a: Tag[], b: Tag[]) => JSON.stringify(sortTags(a)) !== JSON.stringify(sortTags(b));
const sortTags = (t: Tag[]) => [...t].sort((x, y) => (x.Key ?? '').localeCompare(y.Key ?? ''));

const bodyOf = (r: ModelResource) => r.body as Record<string, unknown>;
const propertiesOf = (r: ModelResource) => (bodyOf(r).Properties ?? {}) as Record<string, unknown>;

/** Resources with each one after those it refers to or depends on (template order otherwise). */
function inDependencyOrder(resources: ModelResource[]): ModelResource[] {
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const done = new Set<string>();
  const out: ModelResource[] = [];
  const visit = (r: ModelResource, path: Set<string>) => {
    if (done.has(r.logicalId) || path.has(r.logicalId)) return;
    path.add(r.logicalId);
    for (const d of r.dependsOn) {
      const dep = byId.get(d);
      if (dep) visit(dep, path);
    }
    done.add(r.logicalId);
    out.push(r);
  };
  for (const r of resources) visit(r, new Set());
  return out;
}

type ChangeDetail = NonNullable<NonNullable<Change['ResourceChange']>['Details']>[number];
function resourceChange(action: 'Add' | 'Modify' | 'Remove', r: ModelResource, replacement?: Replacement, details: ChangeDetail[] = [], tags = false): Change {
  const scope = [...(details.length > 0 ? ['Properties' as const] : []), ...(tags ? ['Tags' as const] : [])];
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: action, LogicalResourceId: r.logicalId, ResourceType: r.type,
      ...(replacement ? { Replacement: replacement } : {}),
      ...(action === 'Modify' ? { Scope: scope, Details: details } : {}),
    },
  };
}
