// What an update of one stack does to each of its resources, judged offline with the strict
// fake's own evaluator (@cagw/strict-cloudformation), the way it computes a change set:
// resources compared with their properties resolved (a parameter whose value changed changes
// every property made from it), update or replacement per property from the AWS resource
// specification, and a reference to a resource this update may replace counted as a value known
// only when the update runs (Replacement Conditional). Resources are judged in dependency order,
// so a replacement shows on what refers to it.
//
// Offline, some values are not known: a parameter that comes from another stack's output the
// same edit may change. A change that depends on one is reported with `unknown` saying which,
// never as no change; so is a replacement CloudFormation decides only when it runs.
import {
  customNameOf, modelTemplate, propertyRecreations, replacementOf, resolveProperties, sameValue,
  type ModelResource, type PropertyRecreation, type Replacement, type TemplateModel, type ValueLookup,
} from '@cagw/strict-cloudformation';
import { guardedResourceReason } from '../orchestrate/guarded-changes.ts';
import { inDependencyOrder } from './dependency-order.ts';
import { pseudoParameters, type StackLocation } from './pseudo-parameters.ts';
import { referencesIn } from './references.ts';
import { shownName } from './shown-name.ts';

/** One version of a stack: an old profile's plan, a live stack, or the new plan. */
export interface StackVersion {
  /** the template body (YAML or JSON text), or the template as an object */
  template: string | object;
  /** parameter values; a value taken from another stack's output may be any stable token (`<network.VpcId>`) when both versions take it from the same, unchanged output */
  parameters: Readonly<Record<string, string>>;
  /** parameters whose value is not known offline (an output the same edit may change): name → where it comes from (`claude-gateway-network.VpcId`) */
  unknownParameters?: Readonly<Record<string, string>>;
}

export type StackChangesContext = StackLocation;

export type ImpactAction = 'add' | 'modify' | 'replace' | 'remove';

export interface ResourceImpact {
  logicalId: string;
  type: string;
  action: ImpactAction;
  /** the properties that cause it: for a replacement those that require one, for a modification every changed one; none for add and remove */
  causes: string[];
  /** the resource carries a name the template gives it (a replacement cannot keep it) */
  customName: boolean;
  /** losing it loses data or breaks users (orchestrate/guarded-changes.ts) */
  guarded: boolean;
  guardedBecause: string | undefined;
  /** the custom name, when it has one, as people read it (`admin`, `claude-gateway-images`) */
  name: string | undefined;
  /** why this cannot be judged offline (empty when it can): the outputs it depends on, or that CloudFormation decides when it runs */
  unknown: string[];
  /** the stack parameters whose new value causes the change */
  parameters: string[];
  /** for modify and replace: the Replacement a change set would report */
  replacement: Replacement | undefined;
}

export interface StackChanges {
  changes: ResourceImpact[];
  /** outputs whose value the update may change (new ones, of replaced resources, or not known offline): what reads them cannot be judged offline */
  outputsThatMayChange: string[];
}

/** A judged resource with its resolved properties before and after, for the refusals. */
export interface JudgedResource extends ResourceImpact {
  before: Record<string, unknown> | undefined;
  after: Record<string, unknown> | undefined;
  /** the type the logical id had before, when the new template gives it another */
  typeBefore?: string;
}

export interface JudgedStack {
  resources: JudgedResource[];
  outputsThatMayChange: string[];
  models: { before: TemplateModel | undefined; after: TemplateModel | undefined };
}

const NOT_KNOWN = '<not known offline: ';
const AFTER_REPLACEMENT = ' after its replacement>';
const DECIDED_WHEN_RUN = 'CloudFormation decides whether it is replaced when the update runs (Replacement Conditional)';

export const templateText = (template: string | object): string => (typeof template === 'string' ? template : JSON.stringify(template));
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const shown = (name: string | undefined, logicalId: string) => (name === undefined ? undefined : shownName(name, logicalId));
const propertiesOf = (r: ModelResource): Record<string, unknown> => record(record(r.body).Properties);

/** The changes of one stack between two versions (undefined: the stack does not exist then). */
export function stackChanges(before: StackVersion | undefined, after: StackVersion | undefined, context: StackChangesContext): StackChanges {
  const judged = judgeStack(before, after, context);
  return {
    changes: judged.resources.map(impactOf),
    outputsThatMayChange: judged.outputsThatMayChange,
  };
}

/** The public part of a judged resource. */
export function impactOf({ before: _b, after: _a, typeBefore: _t, ...impact }: JudgedResource): ResourceImpact {
  return impact;
}

export function judgeStack(before: StackVersion | undefined, after: StackVersion | undefined, context: StackChangesContext): JudgedStack {
  const pseudo = pseudoParameters(context);
  const model = (v: StackVersion | undefined) => (v ? modelTemplate(templateText(v.template), { ...v.parameters, ...markUnknown(v) }) : undefined);
  const models = { before: model(before), after: model(after) };
  const guardedIn = {
    before: guardedResourceReason(before ? templateText(before.template) : ''),
    after: guardedResourceReason(after ? templateText(after.template) : ''),
  };
  const mayBeReplaced = new Set<string>();
  const token = (id: string, replacements: boolean) => (replacements && mayBeReplaced.has(id) ? `<${id}${AFTER_REPLACEMENT}` : `<${id}>`);
  const lookupOf = (m: TemplateModel, v: StackVersion, replacements: boolean): ValueLookup => ({
    parameter: (name) => (v.unknownParameters?.[name] !== undefined ? `${NOT_KNOWN}${v.unknownParameters[name]}>` : m.values[name]),
    resource: (id) => token(id, replacements),
    attribute: (id, attribute) => `${token(id, replacements)}.${attribute}`,
    pseudo: (name) => pseudo[name],
  });
  const resolved = (r: ModelResource, m: TemplateModel, v: StackVersion, replacements: boolean) =>
    resolveProperties(propertiesOf(r), lookupOf(m, v, replacements)) as Record<string, unknown>;

  const beforeResources = models.before?.resources ?? [];
  const afterResources = models.after?.resources ?? [];
  const judged = new Map<string, JudgedResource>();
  const changedParameter = (name: string) => after?.unknownParameters?.[name] !== undefined
    || (models.before !== undefined && models.after !== undefined && name in models.after.parameters && models.before.values[name] !== models.after.values[name]);

  for (const r of inDependencyOrder(afterResources)) {
    const afterProps = resolved(r, models.after!, after!, true);
    const name = shown(customNameOf(r.type, afterProps)?.name, r.logicalId);
    const guardedBecause = guardedIn.after(r.logicalId, r.type);
    const base = { logicalId: r.logicalId, type: r.type, customName: name !== undefined, name, guarded: guardedBecause !== undefined, guardedBecause };
    const old = beforeResources.find((o) => o.logicalId === r.logicalId);
    if (!old) {
      judged.set(r.logicalId, { ...base, action: 'add', causes: [], unknown: [], parameters: [], replacement: undefined, before: undefined, after: afterProps });
      continue;
    }
    const beforeProps = resolved(old, models.before!, before!, false);
    if (old.type !== r.type) {
      // CloudFormation refuses the update (edit-refusals.ts); were it taken, the resource would be a new one
      mayBeReplaced.add(r.logicalId);
      judged.set(r.logicalId, { ...base, action: 'replace', causes: ['Type'], unknown: [], parameters: [], replacement: 'True', before: beforeProps, after: afterProps, typeBefore: old.type });
      continue;
    }
    const recreations = propertyRecreations(r.type, beforeProps, afterProps);
    const elsewhere = changedAttributes(old, r);
    if (recreations.length === 0 && elsewhere.length === 0) continue;
    const valueOf = (c: PropertyRecreation) => JSON.stringify(afterProps[c.name] ?? null);
    const dynamic = new Set(recreations.filter((c) => valueOf(c).includes(AFTER_REPLACEMENT)).map((c) => c.name));
    const replacement = replacementOf(recreations, dynamic);
    if (replacement !== 'False') mayBeReplaced.add(r.logicalId);
    const causes = replacement === 'False' ? [...recreations.map((c) => c.name), ...elsewhere] : recreations.filter((c) => c.requiresRecreation !== 'Never').map((c) => c.name);
    const unknownOutputs = recreations.flatMap((c) => [...valueOf(c).matchAll(/<not known offline: ([^>]+)>/g)].map((m) => m[1] as string));
    const unknown = [...new Set(unknownOutputs)].map((o) => `depends on ${o}, which is known only during the deploy`);
    if (replacement === 'Conditional') unknown.push(DECIDED_WHEN_RUN);
    // the parameters a changed property is made from, and those of the replaced resources it refers to
    const parameters = new Set<string>();
    for (const c of recreations) {
      for (const ref of [...referencesIn(propertiesOf(old)[c.name]), ...referencesIn(propertiesOf(r)[c.name])]) {
        if (changedParameter(ref)) parameters.add(ref);
        if (mayBeReplaced.has(ref)) judged.get(ref)?.parameters.forEach((p) => parameters.add(p));
      }
    }
    judged.set(r.logicalId, {
      ...base, action: replacement === 'False' ? 'modify' : 'replace', causes, unknown, parameters: [...parameters].sort(), replacement, before: beforeProps, after: afterProps,
    });
  }
  const ordered = afterResources.map((r) => judged.get(r.logicalId)).filter((c): c is JudgedResource => c !== undefined);
  for (const old of beforeResources) {
    if (afterResources.some((r) => r.logicalId === old.logicalId)) continue;
    const beforeProps = resolved(old, models.before!, before!, false);
    const name = shown(customNameOf(old.type, beforeProps)?.name, old.logicalId);
    const guardedBecause = guardedIn.before(old.logicalId, old.type);
    ordered.push({
      logicalId: old.logicalId, type: old.type, action: 'remove', causes: [], customName: name !== undefined, name, guarded: guardedBecause !== undefined, guardedBecause,
      unknown: [], parameters: [], replacement: undefined, before: beforeProps, after: undefined,
    });
  }
  return { resources: ordered, outputsThatMayChange: outputsThatMayChange(models, before, after, lookupOf), models };
}

/** Unknown parameters take a token as their value, so conditions and rules never read a stale one. */
function markUnknown(v: StackVersion): Record<string, string> {
  return Object.fromEntries(Object.entries(v.unknownParameters ?? {}).map(([k, where]) => [k, `${NOT_KNOWN}${where}>`]));
}

/** Resource attributes other than Properties that changed (DependsOn, Metadata, policies): an update too. */
function changedAttributes(old: ModelResource, r: ModelResource): string[] {
  const a = record(old.body);
  const b = record(r.body);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'Properties' && k !== 'Type' && k !== 'Condition' && !sameValue(a[k], b[k])).sort();
}

function outputsThatMayChange(
  models: JudgedStack['models'], before: StackVersion | undefined, after: StackVersion | undefined,
  lookupOf: (m: TemplateModel, v: StackVersion, replacements: boolean) => ValueLookup,
): string[] {
  if (!models.after || !after) return [];
  return models.after.outputs.filter((o) => {
    if (!models.before || !before || !models.before.outputs.includes(o)) return true;
    const now = resolveProperties(models.after!.outputValues[o], lookupOf(models.after!, after, true));
    const was = resolveProperties(models.before.outputValues[o], lookupOf(models.before, before, false));
    const text = JSON.stringify(now ?? null);
    return !sameValue(was, now) || text.includes(NOT_KNOWN) || text.includes(AFTER_REPLACEMENT);
  });
}
