import { describe, expect, test } from 'vitest';
import { parseTemplate } from './parse-template.ts';

const text = [
  "AWSTemplateFormatVersion: '2010-09-09'", // 1
  'Resources:', // 2
  '  Bucket:', // 3
  "    Type: 'AWS::S3::Bucket'", // 4
  '    Properties:', // 5
  "      BucketName: !Sub '${AWS::StackName}-logs'", // 6
  '      Tags:', // 7
  '        - Key: zone', // 8
  "          Value: !Select [0, !GetAZs '']", // 9
  'Outputs:', // 10
  '  Arn:', // 11
  '    Value: !GetAtt Bucket.Arn', // 12
  '  Deep:', // 13
  '    Value: !GetAtt [Bucket, DualStackDomainName]', // 14
  '  Cond:', // 15
  '    Value: !If [HasX, !Ref Bucket, !Ref "AWS::NoValue"]', // 16
].join('\n');

describe('parseTemplate', () => {
  const t = parseTemplate(text, 'x.yaml');

  test('turns every short form into its long form', () => {
    const resources = t.body.Resources as Record<string, { Properties: Record<string, unknown> }>;
    expect(resources.Bucket!.Properties.BucketName).toEqual({ 'Fn::Sub': '${AWS::StackName}-logs' });
    expect(resources.Bucket!.Properties.Tags).toEqual([{ Key: 'zone', Value: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } }]);
    const outputs = t.body.Outputs as Record<string, { Value: unknown }>;
    expect(outputs.Arn!.Value).toEqual({ 'Fn::GetAtt': ['Bucket', 'Arn'] });
    expect(outputs.Deep!.Value).toEqual({ 'Fn::GetAtt': ['Bucket', 'DualStackDomainName'] });
    expect(outputs.Cond!.Value).toEqual({ 'Fn::If': ['HasX', { Ref: 'Bucket' }, { Ref: 'AWS::NoValue' }] });
  });

  test('splits a dotted !GetAtt at the first dot only', () => {
    const r = parseTemplate('Outputs:\n  A:\n    Value: !GetAtt Db.Endpoint.Address\n', 'y.yaml');
    expect((r.body.Outputs as Record<string, { Value: unknown }>).A!.Value).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] });
  });

  test('knows the line of each node, and falls back to the nearest ancestor', () => {
    expect(t.lineOf(['Resources', 'Bucket'])).toBe(3);
    expect(t.lineOf(['Resources', 'Bucket', 'Properties', 'BucketName'])).toBe(6);
    expect(t.lineOf(['Resources', 'Bucket', 'Properties', 'Tags', 0, 'Value'])).toBe(9);
    expect(t.lineOf(['Outputs', 'Cond', 'Value'])).toBe(16);
    expect(t.lineOf(['Resources', 'Bucket', 'Properties', 'Missing', 'Deeper'])).toBe(5);
    const nested = parseTemplate('A:\n  B: !Split\n    - ","\n    - !Join\n      - x\n      - [a, b]\n', 'n.yaml');
    // a block collection starts at its first item, the line after its tag
    expect(nested.lineOf(['A', 'B', 'Fn::Split', 1, 'Fn::Join'])).toBe(5);
    expect(nested.lineOf(['A', 'B', 'Fn::Split', 1, 'Fn::Join', 1])).toBe(6);
  });

  test('counts bytes as UTF-8, the way CloudFormation measures the limit', () => {
    expect(parseTemplate('Description: é', 'z.yaml').bytes).toBe(15);
  });

  test('reports broken YAML and tags CloudFormation does not know, with their line', () => {
    const broken = parseTemplate('a: 1\nb: [unclosed\n', 'b.yaml');
    expect(broken.syntaxErrors.map((e) => e.rule)).toContain('YAML_SYNTAX');
    const unknownTag = parseTemplate('a: 1\nb: !Reff X\n', 'c.yaml');
    expect(unknownTag.syntaxErrors).toEqual([expect.objectContaining({ rule: 'YAML_SYNTAX', line: 2 })]);
  });
});
