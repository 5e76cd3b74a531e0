import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../parse-template.ts';
import { type CfnLintFinding, isPromQlAlarmSchemaGap } from './cfn-lint-findings.ts';

const template = parseTemplate(
  `Resources:
  SpendAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      EvaluationCriteria:
        PromQLCriteria:
          Query: sum(claude_code_cost_usage_USD_total) > 5
      EvaluationInterval: 60
  PlainAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      ComparisonOperator: GreaterThanThreshold
      EvaluationPeriods: 1
      Threshold: 1
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      EvaluationCriteria: not an alarm
`,
  'observability.yaml',
);

const finding = (ruleId: string, logicalId: string): CfnLintFinding => ({
  Filename: 'observability.yaml',
  Level: 'Error',
  Message: "Only one of ['Metrics', 'MetricName'] is a required property",
  Rule: { Id: ruleId },
  Location: { Start: { LineNumber: 4 }, Path: ['Resources', logicalId, 'Properties'] },
});

describe('isPromQlAlarmSchemaGap', () => {
  test('ignores E3014 on an alarm defined by a PromQL EvaluationCriteria', () => {
    expect(isPromQlAlarmSchemaGap(finding('E3014', 'SpendAlarm'), template)).toBe(true);
  });

  test('keeps E3014 on an alarm without EvaluationCriteria, and on any other resource type', () => {
    expect(isPromQlAlarmSchemaGap(finding('E3014', 'PlainAlarm'), template)).toBe(false);
    expect(isPromQlAlarmSchemaGap(finding('E3014', 'Topic'), template)).toBe(false);
    expect(isPromQlAlarmSchemaGap(finding('E3014', 'Missing'), template)).toBe(false);
  });

  test('keeps every other rule, even on a PromQL alarm', () => {
    expect(isPromQlAlarmSchemaGap(finding('E3002', 'SpendAlarm'), template)).toBe(false);
  });
});
