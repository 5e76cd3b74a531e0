// The example service control policy of docs/threat-model.md ("Example SCP"), read out of the
// page as a reader would copy it: valid JSON in the IAM policy grammar an SCP takes, within the
// SCP size quota, condition keys that are AWS global condition keys with an operator of their
// type, and a deny that covers every model action the gateway's task role is granted, excepting
// the role name CloudFormation generates for it (gateway.yaml gives TaskRole no RoleName).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadTemplate } from './stacks.ts';
import { parseTemplate } from './parse-template.ts';

const PAGE = join(import.meta.dirname, '..', '..', 'docs', 'threat-model.md');

/** The first ```json block after the "Example SCP" heading. */
function exampleScp(): string {
  const page = readFileSync(PAGE, 'utf8');
  const at = page.search(/^#+ Example SCP/m);
  if (at < 0) throw new Error('docs/threat-model.md has no "Example SCP" heading');
  const block = /```json\n([\s\S]*?)\n```/.exec(page.slice(at));
  if (!block) throw new Error('no ```json block after "Example SCP"');
  return block[1] as string;
}

// AWS global condition context keys, IAM User Guide:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// (those whose type is ARN take the Arn operators; "Condition operators" page of the same guide)
const GLOBAL_KEYS: Record<string, 'Arn' | 'String' | 'Bool' | 'Date' | 'Numeric' | 'IpAddress'> = {
  'aws:PrincipalArn': 'Arn', 'aws:PrincipalAccount': 'String', 'aws:PrincipalOrgID': 'String', 'aws:PrincipalOrgPaths': 'String',
  'aws:PrincipalIsAWSService': 'Bool', 'aws:PrincipalServiceName': 'String', 'aws:PrincipalType': 'String', 'aws:userid': 'String',
  'aws:username': 'String', 'aws:SourceIdentity': 'String', 'aws:RequestedRegion': 'String', 'aws:CalledVia': 'String',
  'aws:ViaAWSService': 'Bool', 'aws:SecureTransport': 'Bool', 'aws:SourceAccount': 'String', 'aws:SourceArn': 'Arn',
  'aws:SourceIp': 'IpAddress', 'aws:SourceVpc': 'String', 'aws:SourceVpce': 'String', 'aws:ResourceAccount': 'String',
  'aws:MultiFactorAuthPresent': 'Bool', 'aws:CurrentTime': 'Date', 'aws:EpochTime': 'Numeric',
};
const OPERATORS: Record<string, string> = {
  ArnEquals: 'Arn', ArnLike: 'Arn', ArnNotEquals: 'Arn', ArnNotLike: 'Arn',
  StringEquals: 'String', StringNotEquals: 'String', StringLike: 'String', StringNotLike: 'String', StringEqualsIgnoreCase: 'String', StringNotEqualsIgnoreCase: 'String',
  Bool: 'Bool', IpAddress: 'IpAddress', NotIpAddress: 'IpAddress',
};
/** "Quotas and service limits for AWS Organizations": maximum size of a service control policy */
const SCP_MAX_CHARACTERS = 5120;

interface Statement { Sid?: string; Effect: string; Action?: string | string[]; NotAction?: unknown; Principal?: unknown; Resource?: string | string[]; Condition?: Record<string, Record<string, unknown>> }
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** IAM's wildcard match of an action pattern (case-insensitive, * and ?) */
const matches = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(action);

describe('the example SCP of docs/threat-model.md', () => {
  const text = exampleScp();
  const policy = JSON.parse(text) as { Version: string; Statement: Statement[] };

  test('is a policy an SCP can be: 2012-10-17, named statements, no Principal, within the size quota', () => {
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.length).toBeGreaterThan(0);
    for (const s of policy.Statement) {
      expect(Object.keys(s).every((k) => ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'].includes(k))).toBe(true);
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(s.Effect).toBe('Deny');
      expect(s.Principal).toBeUndefined();
      expect(list(s.Action).length).toBeGreaterThan(0);
      for (const a of list(s.Action)) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z*?]+$/);
    }
    // Organizations counts the policy without its whitespace
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  test('uses only AWS global condition keys, each with an operator of its type', () => {
    const used = policy.Statement.flatMap((s) => Object.entries(s.Condition ?? {}).flatMap(([operator, keys]) => Object.keys(keys).map((key) => ({ operator, key }))));
    expect(used.length).toBeGreaterThan(0);
    for (const { operator, key } of used) {
      expect(GLOBAL_KEYS[key], `${key} is not an AWS global condition key`).toBeDefined();
      expect(OPERATORS[operator.replace(/IfExists$/, '')], `${operator} with ${key}`).toBe(GLOBAL_KEYS[key]);
    }
  });

  test('denies every model action the gateway task role may use to anyone but that role', async () => {
    const gateway = parseTemplate((await loadTemplate('gateway')).body, 'gateway.yaml').body as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    const role = gateway.Resources.TaskRole!.Properties;
    // no RoleName: CloudFormation names the role <stack>-TaskRole-<suffix>, which the SCP's pattern follows
    expect(role.RoleName).toBeUndefined();
    const granted = JSON.stringify(role.Policies).match(/bedrock:Invoke[A-Za-z]*/g) ?? [];
    expect(granted.length).toBeGreaterThan(0);
    const onlyGateway = policy.Statement.filter((s) => Object.values(s.Condition ?? {}).some((keys) => 'aws:PrincipalArn' in keys));
    for (const action of new Set(granted)) expect(onlyGateway.some((s) => list(s.Action).some((p) => matches(p, action))), action).toBe(true);
    const allowed = onlyGateway.flatMap((s) => Object.values(s.Condition ?? {}).flatMap((keys) => list(keys['aws:PrincipalArn'] as string | string[])));
    expect(allowed.some((arn) => matches(arn, 'arn:aws:iam::111122223333:role/claude-gateway-gateway-TaskRole-AbC123dEf456'))).toBe(true);
    expect(allowed.some((arn) => matches(arn, 'arn:aws:iam::111122223333:role/developer-sso-role'))).toBe(false);
  });

  test('refuses Bedrock API keys (bearer tokens) to everyone: the gateway signs with its role', () => {
    const actions = policy.Statement.filter((s) => !s.Condition).flatMap((s) => list(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['bedrock:CallWithBearerToken']));
  });
});
