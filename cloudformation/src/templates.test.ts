// The shipped templates: all pass the whole checker, and keep the contracts other parts of
// cagw rely on (the outputs the deployer wires into downstream parameters, the outputs the
// observability stack reads, how the gateway receives its config and secrets).
import { beforeAll, describe, expect, test } from 'vitest';
import { CagwError } from '@cagw/errors';
import { INLINE_TEMPLATE_LIMIT_BYTES } from './baseline-rules.ts';
import { checkParsedTemplate, checkTemplateFile } from './check-template.ts';
import { parseTemplate, type ParsedTemplate } from './parse-template.ts';
import { STACK_NAMES, TEMPLATES_DIR, listTemplateFiles, loadTemplate, templatePath, type StackName } from './stacks.ts';
import { stringLeaves } from './template-values.ts';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML
const templates = {} as Record<StackName, ParsedTemplate>;
const body = (stack: StackName) => templates[stack].body as Rec;

beforeAll(async () => {
  for (const stack of STACK_NAMES) {
    const file = await loadTemplate(stack);
    templates[stack] = parseTemplate(file.body, `${stack}.yaml`);
  }
});

describe('the shipped templates', () => {
  test('there is exactly one template per stack, and the account bootstrap template (cagw bootstrap)', async () => {
    expect(await listTemplateFiles()).toEqual([...STACK_NAMES.map(templatePath), `${TEMPLATES_DIR}bootstrap.yaml`].sort());
  });

  test('the bootstrap template passes the spec, reference, anatomy and baseline checks', async () => {
    expect(await checkTemplateFile(`${TEMPLATES_DIR}bootstrap.yaml`)).toEqual([]);
  });

  test('loadTemplate refuses a stack name that does not exist, with the names that do', async () => {
    const error = await loadTemplate('gatway').catch((e: unknown) => e);
    expect(CagwError.is(error) && error.code).toBe('UnknownStack');
    expect((error as CagwError).fix).toContain('gateway');
  });

  test.each([...STACK_NAMES])('%s passes the spec, reference, anatomy and baseline checks', async (stack) => {
    expect(await checkParsedTemplate(templates[stack])).toEqual([]);
    expect(templates[stack].bytes).toBeLessThan(INLINE_TEMPLATE_LIMIT_BYTES);
  });

  test('no stack imports another or exports for import: the deployer passes outputs to parameters', () => {
    for (const stack of STACK_NAMES) {
      expect(templates[stack].text, stack).not.toMatch(/ImportValue/);
      for (const output of Object.values(body(stack).Outputs as Rec)) expect(output.Export, stack).toBeUndefined();
    }
  });

  test('every parameter fed by an upstream stack names an output that stack has', () => {
    const producers: Record<string, StackName[]> = {
      network: ['network'], database: ['database'], idp: ['idp-cognito-new', 'idp-cognito-existing'],
    };
    let links = 0;
    for (const stack of STACK_NAMES) {
      for (const [name, p] of Object.entries(body(stack).Parameters as Rec)) {
        const m = /\b(network|database|idp) stack output (\w+)/.exec(String(p.Description));
        if (!m) continue;
        links++;
        for (const producer of producers[m[1]!]!) {
          expect(Object.keys(body(producer).Outputs), `${stack}.${name} ← ${producer}.${m[2]}`).toContain(m[2]);
        }
      }
    }
    expect(links).toBeGreaterThan(15);
  });

  test('the gateway, database and collector output what the alarms and dashboards need', () => {
    expect(Object.keys(body('gateway').Outputs)).toEqual(expect.arrayContaining([
      'LoadBalancerFullName', 'TargetGroupFullName', 'ClusterName', 'ServiceName', 'GatewayLogGroupName', 'CertificateArn',
    ]));
    expect(Object.keys(body('database').Outputs)).toContain('DbInstanceIdentifier');
    expect(Object.keys(body('collector').Outputs)).toEqual(expect.arrayContaining(['CollectorLogGroupName', 'EventsLogGroupName']));
    expect(templates.gateway.text).not.toMatch(/AWS::CloudWatch::Alarm|AWS::SNS::Topic|AWS::Logs::QueryDefinition/);
  });
});

describe('the gateway task', () => {
  const container = () => body('gateway').Resources.TaskDefinition.Properties.ContainerDefinitions[0] as Rec;

  test('gets the packed config as one environment value from a parameter of at most 4,096 bytes', () => {
    const entries = (container().Environment as Rec[]).flatMap((e) => ('Fn::If' in e ? [e['Fn::If'][1]] : [e]));
    const env = Object.fromEntries(entries.map((e) => [e.Name, e.Value]));
    expect(env.GATEWAY_CONFIG_PACKED).toEqual({ Ref: 'GatewayConfigPacked' });
    expect(body('gateway').Parameters.GatewayConfigPacked.MaxLength).toBe(4096);
    expect(env.GATEWAY_PG_SSLMODE).toBe('verify-full');
    // the names docker/entrypoint.sh reads to build GATEWAY_POSTGRES_URL
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['GATEWAY_PG_HOST', 'GATEWAY_PG_PORT', 'GATEWAY_PG_DATABASE', 'GATEWAY_PG_USER']));
    // what the Cognito profiles' rendered config reads as \${OIDC_ISSUER} and \${OIDC_CLIENT_ID}
    expect(env.OIDC_ISSUER).toEqual({ Ref: 'OidcIssuer' });
    expect(env.OIDC_CLIENT_ID).toEqual({ Ref: 'OidcClientId' });
  });

  test('gets every secret through ECS Secrets, and the execution role reads exactly those secrets', () => {
    const secrets = (container().Secrets as Rec[]).flatMap((s) => ('Fn::If' in s ? [s['Fn::If'][1]] : [s]));
    expect(secrets.map((s) => s.Name).sort()).toEqual(['CAGW_COLLECTOR_TOKEN', 'GATEWAY_ADMIN_WRITE_KEY', 'GATEWAY_JWT_SECRET', 'GATEWAY_JWT_SECRET_PREVIOUS', 'GATEWAY_PG_PASSWORD', 'OIDC_CLIENT_SECRET']);
    expect(secrets.find((s) => s.Name === 'GATEWAY_PG_PASSWORD')!.ValueFrom).toEqual({ 'Fn::Sub': '${DbSecretArn}:password::' });

    // the secret each ValueFrom points at, without the JSON-key suffix
    const injected = secrets.map((s) => (s.ValueFrom['Fn::Sub'] ? { Ref: 'DbSecretArn' } : s.ValueFrom));
    const statement = (body('gateway').Resources.ExecutionRole.Properties.Policies[0].PolicyDocument.Statement as Rec[])
      .find((st) => st.Action === 'secretsmanager:GetSecretValue')!;
    const readable = (statement.Resource as Rec[]).map((r) => ('Fn::If' in r ? r['Fn::If'][1] : r));
    expect(readable).toHaveLength(injected.length);
    expect(readable).toEqual(expect.arrayContaining(injected));
  });

  test('may only invoke Anthropic models, narrowed by the model pattern and invoke-region parameters', () => {
    const statements = body('gateway').Resources.TaskRole.Properties.Policies[0].PolicyDocument.Statement as Rec[];
    const invoke = statements.find((s) => Array.isArray(s.Action) && s.Action.includes('bedrock:InvokeModel'))!;
    expect(invoke.Action).toEqual(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']);
    // every pattern becomes a foundation-model ARN: the join-then-split trick, done here by hand
    const [template, { Models: join }] = invoke.Resource['Fn::Split'][1]['Fn::Sub'];
    expect(join['Fn::Join'][1]).toEqual({ Ref: 'BedrockModelPatterns' });
    const arns = (patterns: string[]) => (template as string)
      .replace('${Models}', patterns.join(join['Fn::Join'][0])).replace('${AWS::Partition}', 'aws').replace('${AWS::AccountId}', '111122223333')
      .replace('${BedrockRegion}', 'us-east-1').split(',');
    expect(arns(['anthropic.claude-sonnet-4-6*', 'anthropic.claude-haiku-4-5*'])).toEqual([
      'arn:aws:bedrock:us-east-1:111122223333:inference-profile/*.anthropic.*',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-sonnet-4-6*',
      'arn:*:bedrock:*::foundation-model/anthropic.claude-haiku-4-5*',
    ]);
    expect(stringLeaves(invoke.Resource)).not.toContain('*');
    // the region wildcards are narrowed to the profile's geography
    expect(invoke.Condition).toEqual({ StringLike: { 'aws:RequestedRegion': { Ref: 'BedrockInvokeRegions' } } });
    expect(body('gateway').Parameters.BedrockModelPatterns.Default).toBeUndefined();
  });
});

describe('the session signing key', () => {
  test('is encrypted with SECRETS_KMS_KEY_ARN when one is given, like the other secrets the task reads', () => {
    expect(body('gateway').Resources.JwtSecret.Properties.KmsKeyId).toEqual({ 'Fn::If': ['HasSecretsKmsKey', { Ref: 'SecretsKmsKeyArn' }, { Ref: 'AWS::NoValue' }] });
  });

  test('during a rotation the task also gets the previous key, from an ARN parameter that is empty by default', () => {
    const gateway = body('gateway');
    const parameter = gateway.Parameters.PreviousJwtSecretArn;
    expect(parameter.Default).toBe('');
    expect(parameter.NoEcho).toBeUndefined(); // an ARN, never a key: the key stays in Secrets Manager
    const pattern = new RegExp(parameter.AllowedPattern);
    expect(pattern.test('')).toBe(true);
    expect(pattern.test('arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous-AbCdEf')).toBe(true);
    expect(pattern.test('arn:aws:secretsmanager:us-east-1:123456789012:secret:cagw-jwt-previous')).toBe(false);
    expect(pattern.test('x'.repeat(64))).toBe(false);
    expect(gateway.Conditions.HasPreviousJwtSecret).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PreviousJwtSecretArn' }, ''] }] });

    // the name gateway.yaml reads as ${GATEWAY_JWT_SECRET_PREVIOUS}, only when the parameter is set
    const secrets = gateway.Resources.TaskDefinition.Properties.ContainerDefinitions[0].Secrets as Rec[];
    expect(secrets).toContainEqual({ 'Fn::If': ['HasPreviousJwtSecret', { Name: 'GATEWAY_JWT_SECRET_PREVIOUS', ValueFrom: { Ref: 'PreviousJwtSecretArn' } }, { Ref: 'AWS::NoValue' }] });
    // the execution role may read that secret under the same condition; a customer-managed key
    // of it is SecretsKmsKeyArn, which the role may already decrypt through Secrets Manager
    const policy = gateway.Resources.ExecutionRole.Properties.Policies[0].PolicyDocument.Statement as Rec[];
    const read = policy.find((st) => st.Action === 'secretsmanager:GetSecretValue')!;
    expect(read.Resource).toContainEqual({ 'Fn::If': ['HasPreviousJwtSecret', { Ref: 'PreviousJwtSecretArn' }, { Ref: 'AWS::NoValue' }] });
    const decrypt = policy.find((st) => 'Fn::If' in st)!['Fn::If'];
    expect(decrypt[0]).toBe('HasSecretsKmsKey');
    expect(decrypt[1]).toMatchObject({ Action: 'kms:Decrypt', Resource: { Ref: 'SecretsKmsKeyArn' } });
  });
});

describe('the collector', () => {
  const resources = () => body('collector').Resources as Rec;

  test('admits OTLP only from the gateway tasks, which send the token both task definitions get from one secret', () => {
    expect(resources().AlbSecurityGroup.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ FromPort: 443, SourceSecurityGroupId: { Ref: 'GatewayTaskSecurityGroupId' } }),
    ]);
    expect(body('collector').Parameters.VpcCidr).toBeUndefined();
    const secrets = resources().TaskDefinition.Properties.ContainerDefinitions[0].Secrets as Rec[];
    expect(secrets).toEqual([{ Name: 'CAGW_COLLECTOR_TOKEN', ValueFrom: { Ref: 'GatewayToken' } }]);
    expect(resources().GatewayToken.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
    expect(body('collector').Outputs.GatewayTokenSecretArn.Value).toEqual({ Ref: 'GatewayToken' });
    expect(body('gateway').Parameters.CollectorTokenSecretArn.Description).toMatch(/collector stack output GatewayTokenSecretArn/);
  });
});

describe('the gateway service', () => {
  const resources = () => body('gateway').Resources as Rec;

  test('serves HTTP 8080 targets checked on /healthz, so a database blip does not drain every task', () => {
    expect(resources().TargetGroup.Properties).toEqual(expect.objectContaining({ Protocol: 'HTTP', Port: 8080, TargetType: 'ip', HealthCheckPath: '/healthz' }));
    expect(resources().Service.Properties.LoadBalancers).toEqual([{ ContainerName: 'gateway', ContainerPort: 8080, TargetGroupArn: { Ref: 'TargetGroup' } }]);
  });

  test('runs at least two tasks, scaled on CPU and on active connections per healthy task (streams, not requests)', () => {
    expect(body('gateway').Parameters.MinTasks.MinValue).toBeGreaterThanOrEqual(2);
    expect(resources().ScalableTarget.Properties.MinCapacity).toEqual({ Ref: 'MinTasks' });
    const policies = Object.values(resources()).filter((r: Rec) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy').map((r: Rec) => r.Properties.TargetTrackingScalingPolicyConfiguration);
    expect(policies.flatMap((p: Rec) => p.PredefinedMetricSpecification?.PredefinedMetricType ?? [])).toEqual(['ECSServiceAverageCPUUtilization']);
    const custom = policies.find((p: Rec) => p.CustomizedMetricSpecification)?.CustomizedMetricSpecification;
    expect(custom.Metrics.map((m: Rec) => m.MetricStat?.Metric.MetricName ?? m.Expression)).toEqual(['ActiveConnectionCount', 'HealthyHostCount', 'connections / MAX([tasks, 1])']);
  });

  test('a stopped task: the load balancer drains it for up to an hour, then the gateway gets 110 s of its own drain inside the 120 s StopTimeout', () => {
    const attributes = resources().TargetGroup.Properties.TargetGroupAttributes;
    expect(attributes).toContainEqual({ Key: 'deregistration_delay.timeout_seconds', Value: '3600' });
    const container = resources().TaskDefinition.Properties.ContainerDefinitions[0];
    expect(container.StopTimeout).toBe(120);
    const drain = container.Environment.find((e: Rec) => e.Name === 'CLAUDE_GATEWAY_DRAIN_TIMEOUT_MS');
    expect(Number(drain.Value)).toBeLessThan(container.StopTimeout * 1000);
  });
});

describe('the database', () => {
  test('generates a password excluding only what RDS forbids, and never outputs it', () => {
    const secret = body('database').Resources.DbSecret.Properties.GenerateSecretString;
    expect(secret.ExcludeCharacters).toBe('/"@ ');
    expect(secret.ExcludePunctuation).toBeUndefined();
    const values = Object.values(body('database').Outputs as Rec).map((o) => o.Value);
    expect(JSON.stringify(values)).not.toMatch(/password|resolve:secretsmanager/i);
  });

  test('is PostgreSQL 16 with a Multi-AZ switch', () => {
    const db = body('database').Resources.Database.Properties;
    expect(db.Engine).toBe('postgres');
    expect(body('database').Resources.DbParameterGroup.Properties.Family).toBe('postgres16');
    expect(db.MultiAZ).toEqual({ 'Fn::If': ['IsMultiAz', true, false] });
  });
});
