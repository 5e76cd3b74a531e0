// The custom resource that runs the role task (database.yaml RoleTaskLauncher, inline Python),
// run by the real python3 with stand-ins for boto3's ECS client and cfnresponse: it answers
// SUCCESS only when the task ran and exited 0, FAILED with the reason otherwise, and deletes
// nothing on Delete.
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parseTemplate } from './parse-template.ts';
import { loadTemplate } from './stacks.ts';
import { asRecord, getIn } from './template-values.ts';

async function launcherCode(): Promise<string> {
  const template = parseTemplate((await loadTemplate('database')).body, 'database.yaml');
  const code = getIn(asRecord(template.body.Resources).RoleTaskLauncher, ['Properties', 'Code', 'ZipFile']);
  if (typeof code !== 'string') throw new Error('database.yaml RoleTaskLauncher has no inline code');
  return code;
}

const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/cagw-db-RoleTaskCluster-AbC/0a1b2c3d4e5f67890a1b2c3d4e5f6789';

/** Runs handler(event) with an ECS stand-in whose task ends with `exitCode`; returns what was sent to CloudFormation. */
async function run(requestType: string, exitCode: number | null, failures: unknown[] = []): Promise<{ status: string; reason?: string; calls: string[] }> {
  const harness = `
import json, sys, types
calls = []
sent = {}
class Waiter:
    def wait(self, **kw): calls.append('wait:' + ','.join(kw['tasks']))
class Ecs:
    def run_task(self, **kw):
        calls.append('run_task:' + kw['taskDefinition'] + ':' + kw['networkConfiguration']['awsvpcConfiguration']['assignPublicIp'])
        return {'failures': ${JSON.stringify(failures)}, 'tasks': [] if ${JSON.stringify(failures)} else [{'taskArn': '${TASK}'}]}
    def get_waiter(self, name):
        calls.append('waiter:' + name)
        return Waiter()
    def describe_tasks(self, **kw):
        return {'tasks': [{'taskArn': '${TASK}', 'stoppedReason': 'Essential container in task exited', 'containers': [{'exitCode': ${exitCode === null ? 'None' : exitCode}}]}]}
boto3 = types.ModuleType('boto3')
boto3.client = lambda name: Ecs()
cfnresponse = types.ModuleType('cfnresponse')
cfnresponse.SUCCESS, cfnresponse.FAILED = 'SUCCESS', 'FAILED'
def send(event, context, status, data, physical_id, reason=None):
    sent.update(status=status, reason=reason, physical=physical_id)
cfnresponse.send = send
sys.modules['boto3'] = boto3
sys.modules['cfnresponse'] = cfnresponse
code = sys.stdin.read()
scope = {}
exec(compile(code, 'RoleTaskLauncher', 'exec'), scope)
scope['handler']({'RequestType': '${requestType}', 'PhysicalResourceId': 'cagw-gateway-role', 'ResourceProperties': {
    'Cluster': 'cagw-db-RoleTaskCluster-AbC', 'TaskDefinition': 'arn:aws:ecs:us-east-1:123456789012:task-definition/cagw-db-gateway-role:3',
    'Subnets': ['subnet-0a1b2c3d4e5f67890', 'subnet-09f8e7d6c5b4a3210'], 'SecurityGroup': 'sg-0123456789abcdef0', 'LogGroup': 'cagw-db-RoleTaskLogGroup-XyZ'}}, None)
print(json.dumps({'status': sent.get('status'), 'reason': sent.get('reason'), 'calls': calls}))
`;
  const out = execFileSync('python3', ['-c', harness], { input: await launcherCode(), encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { status: string; reason?: string; calls: string[] };
}

describe('RoleTaskLauncher', () => {
  test('Create runs the task without a public IP, waits for it to stop, and succeeds on exit code 0', async () => {
    const r = await run('Create', 0);
    expect(r.status).toBe('SUCCESS');
    expect(r.calls).toEqual([
      'run_task:arn:aws:ecs:us-east-1:123456789012:task-definition/cagw-db-gateway-role:3:DISABLED', 'waiter:tasks_stopped', `wait:${TASK}`,
    ]);
  });

  test('a task that exits 3 (psql ON_ERROR_STOP) fails the resource, naming the task and its log group', async () => {
    const r = await run('Update', 3);
    expect(r.status).toBe('FAILED');
    expect(r.reason).toContain('exit code 3');
    expect(r.reason).toContain('cagw-db-RoleTaskLogGroup-XyZ');
  });

  test('a task that never started (no exit code) or could not be placed fails too', async () => {
    expect((await run('Create', null)).status).toBe('FAILED');
    const r = await run('Create', 0, [{ arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/x', reason: 'RESOURCE:ENI' }]);
    expect(r).toMatchObject({ status: 'FAILED', reason: expect.stringContaining('RESOURCE:ENI') });
  });

  test('Delete runs nothing: the role lives and dies with the database', async () => {
    expect(await run('Delete', 0)).toEqual({ status: 'SUCCESS', reason: null, calls: [] });
  });
});
