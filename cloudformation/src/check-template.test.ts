// The spec, reference and anatomy checks, each proven to fire on a small broken template
// and to stay quiet on the same template when it is correct.
import { describe, expect, test } from 'vitest';
import { checkTemplateText } from './check-template.ts';
import { loadTemplate } from './stacks.ts';

// A small, correct template. Each test below breaks one thing in it.
const valid = `AWSTemplateFormatVersion: '2010-09-09'
Description: 'cagw test: a log group and a queue'
Metadata:
  'AWS::CloudFormation::Interface':
    ParameterGroups:
      - Label: {default: 'Settings'}
        Parameters: [RetentionDays, Prefix]
    ParameterLabels:
      RetentionDays: {default: 'Retention'}
      Prefix: {default: 'Prefix'}
Parameters:
  RetentionDays:
    Description: 'Days to keep logs.'
    Type: Number
    Default: 30
    MinValue: 1
    MaxValue: 3653
  Prefix:
    Description: 'Optional name prefix.'
    Type: String
    Default: ''
Conditions:
  HasPrefix: !Not [!Equals [!Ref Prefix, '']]
Resources:
  Logs:
    Type: 'AWS::Logs::LogGroup'
    Properties:
      LogGroupName: !If [HasPrefix, !Sub '\${Prefix}-logs', !Ref 'AWS::NoValue']
      RetentionInDays: !Ref RetentionDays
  Queue:
    Type: 'AWS::SQS::Queue'
    DependsOn: Logs
    Properties:
      RedrivePolicy: {maxReceiveCount: 3}
      Tags: [{Key: logs, Value: !GetAtt Logs.Arn}]
  Sub:
    Type: 'AWS::SNS::Subscription'
    Properties:
      Protocol: sqs
      Endpoint: !GetAtt Queue.Arn
      TopicArn: !Sub 'arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:t'
Outputs:
  QueueUrl:
    Description: 'URL of the queue.'
    Value: !Sub '\${Queue.QueueUrl}'
`;

// the line that is exactly the needle, else the first line containing it
const lineOf = (text: string, needle: string) => {
  const lines = text.split('\n');
  const exact = lines.indexOf(needle);
  return (exact >= 0 ? exact : lines.findIndex((l) => l.includes(needle))) + 1;
};

async function findingsAfter(from: string, to: string) {
  expect(valid).toContain(from); // the mutation must apply, or the test proves nothing
  const text = valid.replace(from, to);
  return { text, findings: await checkTemplateText(text, 't.yaml') };
}

describe('checkTemplateText', () => {
  test('a correct template has no findings', async () => {
    expect(await checkTemplateText(valid, 't.yaml')).toEqual([]);
  });

  test.each([
    ["Type: 'AWS::SQS::Queue'", "Type: 'AWS::SQS::Queu'", 'SPEC_UNKNOWN_TYPE', 'AWS::SQS::Queu'],
    ['RetentionInDays: !Ref RetentionDays', 'RetentionInDay: !Ref RetentionDays', 'SPEC_UNKNOWN_PROPERTY', 'RetentionInDay'],
    ['      Protocol: sqs\n', '', 'SPEC_MISSING_REQUIRED', 'Protocol'],
    ['Tags: [{Key: logs, Value: !GetAtt Logs.Arn}]', 'Tags: [{Key: logs, Valu: x}]', 'SPEC_UNKNOWN_PROPERTY', 'Valu'],
    ['Endpoint: !GetAtt Queue.Arn', 'Endpoint: !GetAtt Queue.Url', 'SPEC_UNKNOWN_ATTRIBUTE', 'Queue.Url'],
    ['Endpoint: !GetAtt Queue.Arn', 'Endpoint: !GetAtt Quue.Arn', 'GETATT_UNDEFINED', 'Quue'],
    ["Value: !Sub '${Queue.QueueUrl}'", "Value: !Sub '${Queue.Url}'", 'SPEC_UNKNOWN_ATTRIBUTE', 'Queue.Url'],
    ['RetentionInDays: !Ref RetentionDays', 'RetentionInDays: !Ref RetentionDay', 'REF_UNDEFINED', 'RetentionDay'],
    ["TopicArn: !Sub 'arn:${AWS::Partition}", "TopicArn: !Sub 'arn:${AWS::Partitio}", 'REF_UNDEFINED', 'AWS::Partitio'],
    ["Value: !Sub '${Queue.QueueUrl}'", "Value: !Sub '${Queu.QueueUrl}'", 'REF_UNDEFINED', 'Queu'],
    ['!If [HasPrefix,', '!If [HasPrefx,', 'CONDITION_UNDEFINED', 'HasPrefx'],
    ['DependsOn: Logs', 'DependsOn: Log', 'DEPENDS_ON_UNDEFINED', 'Log'],
    ["TopicArn: !Sub 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:t'", "TopicArn: !Join [!Sub '${AWS::Region}', [a, b]]", 'INTRINSIC_ARGUMENT_INVALID', 'delimiter'],
    ["TopicArn: !Sub 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:t'", 'TopicArn: !Sub [!Ref Prefix, {}]', 'INTRINSIC_ARGUMENT_INVALID', 'Fn::Sub'],
    ['!If [HasPrefix,', '!If [HasPrefix, a,', 'INTRINSIC_ARGUMENT_INVALID', 'Fn::If'],
    ['\nConditions:\n', "\nRules:\n  R:\n    Assertions:\n      - Assert: !Equals [!Ref Nope, '']\nConditions:\n", 'REF_UNDEFINED', 'Nope', "      - Assert: !Equals [!Ref Nope, '']"],
    ['RedrivePolicy: {maxReceiveCount: 3}', 'RedrivePolicy: {maxReceiveCount: 3}\n      FifoQueue: maybe', 'SPEC_WRONG_TYPE', 'FifoQueue', '      FifoQueue: maybe'],
    ['RedrivePolicy: {maxReceiveCount: 3}', 'RedrivePolicy: {maxReceiveCount: 3}\n      DelaySeconds: soon', 'SPEC_WRONG_TYPE', 'DelaySeconds', '      DelaySeconds: soon'],
    ['Tags: [{Key: logs, Value: !GetAtt Logs.Arn}]', 'Tags: {Key: logs, Value: x}', 'SPEC_WRONG_TYPE', 'Tags'],
    ['Tags: [{Key: logs, Value: !GetAtt Logs.Arn}]', 'Tags: [[logs]]', 'SPEC_WRONG_TYPE', 'Tags'],
    ['Protocol: sqs', 'Protocol: [sqs]', 'SPEC_WRONG_TYPE', 'Protocol'],
    ["Value: !Sub '${Queue.QueueUrl}'", "Valu: !Sub '${Queue.QueueUrl}'", 'OUTPUT_NO_VALUE', 'QueueUrl', '  QueueUrl:'],
  ])('%s → %s is caught as %s', async (from, to, rule, named, lineNeedle?: string) => {
    const { text, findings } = await findingsAfter(from, to);
    const hit = findings.find((f) => f.rule === rule);
    expect(hit, JSON.stringify(findings)).toBeDefined();
    expect(hit!.message).toContain(named);
    expect(hit!.fix.length).toBeGreaterThan(5);
    const needle = lineNeedle ?? to.split('\n')[0]!;
    if (needle !== '') expect(hit!.line).toBe(lineOf(text, needle));
  });

  test('an unused parameter and an unused condition are reported at their definition', async () => {
    const { text, findings } = await findingsAfter("!If [HasPrefix, !Sub '${Prefix}-logs', !Ref 'AWS::NoValue']", 'x');
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'CONDITION_UNUSED', line: lineOf(text, '  HasPrefix:') }));
    expect(findings.map((f) => f.rule)).not.toContain('PARAMETER_UNUSED'); // a condition uses Prefix
    const noUse = text.replace("!Ref Prefix, ''", "'a', ''");
    const again = await checkTemplateText(noUse, 't.yaml');
    expect(again).toContainEqual(expect.objectContaining({ rule: 'PARAMETER_UNUSED', line: lineOf(noUse, '  Prefix:') }));
  });

  test('a resource that exists only under a condition is referred to only where the condition holds', async () => {
    const conditional = "  Queue:\n    Type: 'AWS::SQS::Queue'\n    Condition: HasPrefix\n";
    const unguarded = await findingsAfter("  Queue:\n    Type: 'AWS::SQS::Queue'\n", conditional);
    const hits = unguarded.findings.filter((f) => f.rule === 'REF_TO_CONDITIONAL_RESOURCE');
    expect(hits.map((f) => f.line)).toEqual([lineOf(unguarded.text, '      Endpoint: !GetAtt Queue.Arn'), lineOf(unguarded.text, "    Value: !Sub '${Queue.QueueUrl}'")]);
    expect(hits[0]!.message).toBe('resource Sub refers to Queue, which exists only when HasPrefix');

    // the same references, guarded by the resource's own Condition and by an Fn::If branch
    const guarded = unguarded.text
      .replace("  Sub:\n    Type: 'AWS::SNS::Subscription'\n", "  Sub:\n    Type: 'AWS::SNS::Subscription'\n    Condition: HasPrefix\n")
      .replace("Value: !Sub '${Queue.QueueUrl}'", "Value: !If [HasPrefix, !Sub '${Queue.QueueUrl}', none]");
    expect((await checkTemplateText(guarded, 't.yaml')).map((f) => f.rule)).not.toContain('REF_TO_CONDITIONAL_RESOURCE');
    // the wrong branch is not a guard
    const wrongBranch = guarded.replace("!If [HasPrefix, !Sub '${Queue.QueueUrl}', none]", "!If [HasPrefix, none, !Sub '${Queue.QueueUrl}']");
    expect((await checkTemplateText(wrongBranch, 't.yaml')).map((f) => f.rule)).toContain('REF_TO_CONDITIONAL_RESOURCE');
  });

  test('the false branch of !If [X, ...] guards a resource whose condition is !Not [!Condition X], and nothing else', async () => {
    const negated = valid
      .replace("  HasPrefix: !Not [!Equals [!Ref Prefix, '']]\n", "  HasPrefix: !Not [!Equals [!Ref Prefix, '']]\n  IsUnprefixed: !Not [!Condition HasPrefix]\n")
      .replace("  Queue:\n    Type: 'AWS::SQS::Queue'\n", "  Queue:\n    Type: 'AWS::SQS::Queue'\n    Condition: IsUnprefixed\n")
      .replace('Endpoint: !GetAtt Queue.Arn', 'Endpoint: !If [HasPrefix, none, !GetAtt Queue.Arn]')
      .replace("Value: !Sub '${Queue.QueueUrl}'", "Value: !If [HasPrefix, none, !Sub '${Queue.QueueUrl}']");
    const refs = async (text: string) => (await checkTemplateText(text, 't.yaml')).filter((f) => f.rule === 'REF_TO_CONDITIONAL_RESOURCE');
    expect(await refs(negated)).toEqual([]);
    const equivalentButOpaque = negated.replace('IsUnprefixed: !Not [!Condition HasPrefix]', "IsUnprefixed: !Equals [!Ref Prefix, '']");
    expect(await refs(equivalentButOpaque)).toHaveLength(2);
  });

  test('a resource whose condition is !And [!Condition X, ...] may refer to one that exists only when X (network.yaml with an existing VPC)', async () => {
    const conjoined = valid
      .replace("  HasPrefix: !Not [!Equals [!Ref Prefix, '']]\n", "  HasPrefix: !Not [!Equals [!Ref Prefix, '']]\n  IsLongKept: !And [!Condition HasPrefix, !Equals [!Ref RetentionDays, 3653]]\n")
      .replace("  Queue:\n    Type: 'AWS::SQS::Queue'\n", "  Queue:\n    Type: 'AWS::SQS::Queue'\n    Condition: HasPrefix\n")
      .replace("  Sub:\n    Type: 'AWS::SNS::Subscription'\n", "  Sub:\n    Type: 'AWS::SNS::Subscription'\n    Condition: IsLongKept\n")
      .replace("Value: !Sub '${Queue.QueueUrl}'", "Value: !If [IsLongKept, !Sub '${Queue.QueueUrl}', none]");
    const refs = async (text: string) => (await checkTemplateText(text, 't.yaml')).filter((f) => f.rule === 'REF_TO_CONDITIONAL_RESOURCE');
    expect(await refs(conjoined)).toEqual([]);
    // a conjunction without X does not imply it
    const withoutX = conjoined.replace('IsLongKept: !And [!Condition HasPrefix, ', "IsLongKept: !And [!Not [!Equals [!Ref Prefix, 'x']], ");
    expect((await refs(withoutX)).map((f) => f.message)).toEqual([
      'resource Sub refers to Queue, which exists only when HasPrefix', 'output QueueUrl refers to Queue, which exists only when HasPrefix',
    ]);
  });

  test('a resource whose condition is !And [...] may be referred to where each term holds (network.yaml\'s NAT routes)', async () => {
    const both = valid
      .replace("  HasPrefix: !Not [!Equals [!Ref Prefix, '']]\n", "  HasPrefix: !Not [!Equals [!Ref Prefix, '']]\n  IsLong: !Equals [!Ref RetentionDays, 3653]\n  IsShort: !Not [!Condition IsLong]\n  IsLongKept: !And [!Condition HasPrefix, !Condition IsLong]\n  IsShortKept: !And [!Condition HasPrefix, !Not [!Condition IsLong]]\n")
      .replace("  Queue:\n    Type: 'AWS::SQS::Queue'\n", "  Queue:\n    Type: 'AWS::SQS::Queue'\n    Condition: IsLongKept\n")
      .replace("  Sub:\n    Type: 'AWS::SNS::Subscription'\n", "  Sub:\n    Type: 'AWS::SNS::Subscription'\n    Condition: HasPrefix\n")
      .replace('Endpoint: !GetAtt Queue.Arn', 'Endpoint: !If [IsLong, !GetAtt Queue.Arn, none]')
      .replace("Value: !Sub '${Queue.QueueUrl}'", "Value: !If [IsLongKept, !Sub '${Queue.QueueUrl}', none]");
    const refs = async (text: string) => (await checkTemplateText(text, 't.yaml')).filter((f) => f.rule === 'REF_TO_CONDITIONAL_RESOURCE').map((f) => f.message);
    expect(await refs(both)).toEqual([]);
    // one term short: Sub (HasPrefix) without the IsLong guard
    expect(await refs(both.replace('Endpoint: !If [IsLong, !GetAtt Queue.Arn, none]', 'Endpoint: !GetAtt Queue.Arn'))).toEqual(['resource Sub refers to Queue, which exists only when IsLongKept']);
    // the false branch of X satisfies !Not [!Condition X]
    const negated = both.replace('    Condition: IsLongKept\n', '    Condition: IsShortKept\n').replace('!If [IsLong, !GetAtt Queue.Arn, none]', '!If [IsLong, none, !GetAtt Queue.Arn]')
      .replace("!If [IsLongKept, !Sub '${Queue.QueueUrl}', none]", "!If [IsShortKept, !Sub '${Queue.QueueUrl}', none]");
    expect(await refs(negated)).toEqual([]);
  });

  test('a literal outside the values the specification allows is caught, with the allowed ones', async () => {
    const gateway = (await loadTemplate('gateway')).body;
    const text = gateway.replace('AvailabilityZoneRebalancing: ENABLED', 'AvailabilityZoneRebalancing: on');
    expect(text).not.toBe(gateway);
    const hit = (await checkTemplateText(text, 'gateway.yaml')).find((f) => f.rule === 'SPEC_VALUE_NOT_ALLOWED');
    expect(hit).toEqual(expect.objectContaining({ line: lineOf(text, '      AvailabilityZoneRebalancing: on'), fix: 'use one of: ENABLED, DISABLED' }));
  });

  test('conditions may only refer to parameters, not resources', async () => {
    const { findings } = await findingsAfter("!Ref Prefix, '']]", "!Ref Queue, '']]");
    expect(findings.map((f) => f.rule)).toContain('REF_UNDEFINED');
  });

  test.each([
    ["Description: 'cagw test: a log group and a queue'", "Description: 'a log group'", 'ANATOMY_DESCRIPTION'],
    ["    Description: 'Days to keep logs.'\n", '', 'PARAMETER_NO_DESCRIPTION'],
    ['Parameters: [RetentionDays, Prefix]', 'Parameters: [RetentionDays]', 'PARAMETER_NOT_GROUPED'],
    ["      Prefix: {default: 'Prefix'}\n", '', 'PARAMETER_NO_LABEL'],
    ['    MaxValue: 3653\n', '', 'PARAMETER_NUMBER_UNBOUNDED'],
    ["    Description: 'URL of the queue.'\n", '', 'OUTPUT_NO_DESCRIPTION'],
    ['    Type: Number\n', '    Type: Integer\n', 'PARAMETER_TYPE_UNKNOWN'],
    ["    Description: 'Optional name prefix.'", "    Description: 'Name prefix.'", 'PARAMETER_OPTIONAL_UNDOCUMENTED'],
    ['HasPrefix: !Not', 'PrefixGiven: !Not', 'CONDITION_NAME'],
    ['    Default: 30\n', '    Default: 5000\n', 'PARAMETER_DEFAULT_INVALID'],
    ["    Default: ''\n", "    Default: ''\n    AllowedPattern: '[a-z]+'\n", 'PARAMETER_DEFAULT_INVALID'],
    ["    Default: ''\n", "    Default: 'x'\n    AllowedValues: [a, b]\n", 'PARAMETER_DEFAULT_INVALID'],
  ])('anatomy and parameters: %s → %s is caught as %s', async (from, to, rule) => {
    const { findings } = await findingsAfter(from, to);
    expect(findings.map((f) => f.rule)).toContain(rule);
  });

  test('sections out of the fixed order are reported at the first one misplaced', async () => {
    const conditions = "Conditions:\n  HasPrefix: !Not [!Equals [!Ref Prefix, '']]\n";
    expect(valid).toContain(conditions);
    const text = valid.replace(conditions, '') + conditions;
    const hit = (await checkTemplateText(text, 't.yaml')).find((f) => f.rule === 'ANATOMY_SECTION_ORDER');
    expect(hit).toEqual(expect.objectContaining({ line: lineOf(text, 'Resources:'), fix: expect.stringContaining('Conditions, Resources, Outputs') }));
  });

  test('a YAML error stops the check and is the only finding', async () => {
    const findings = await checkTemplateText('Resources:\n  A: [\n', 'bad.yaml');
    expect(findings.map((f) => f.rule)).toEqual(['YAML_SYNTAX']);
  });
});
