// The sizing variables reach the database and gateway stacks as the parameters their templates
// declare, with values the templates accept.
import { expect, test } from 'vitest';
import { loadTemplate, parseTemplate } from '@cagw/cloudformation';
import { planJson } from '../cli/format-plan.ts';
import { DATABASE_CLASSES } from '@cagw/profile';
import { planForProfile } from '../orchestrate/testing/profile-fixture.ts';

const sized = { DB_INSTANCE_CLASS: 'db.m7g.large', DB_BACKUP_RETENTION_DAYS: '14', TASK_CPU: '2048', TASK_MEMORY: '5120', MAX_TASKS: '40' };

test('DB_INSTANCE_CLASS, DB_BACKUP_RETENTION_DAYS, TASK_CPU and TASK_MEMORY reach the templates', async () => {
  const { plan } = await planForProfile('byo-oidc-notelemetry.env', {}, sized);
  const stacks = planJson(plan).stacks;
  const database = stacks.find((s) => s.name === 'claude-gateway-database')?.parameters ?? {};
  const gateway = stacks.find((s) => s.name === 'claude-gateway-gateway')?.parameters ?? {};
  expect(database).toMatchObject({ DBInstanceClass: 'db.m7g.large', BackupRetentionDays: '14' });
  expect(gateway).toMatchObject({ TaskCpu: '2048', TaskMemory: '5120', MaxTasks: '40' });
});

test("every class the profile offers is one the database template allows, and the default is the template's", async () => {
  const template = parseTemplate((await loadTemplate('database')).body, 'database.yaml').body as { Parameters: { DBInstanceClass: { AllowedValues: string[]; Default: string } } };
  const names = DATABASE_CLASSES.map((c) => c.name);
  expect([...template.Parameters.DBInstanceClass.AllowedValues].sort()).toEqual([...names].sort());
  expect(template.Parameters.DBInstanceClass.Default).toBe('db.t4g.micro');
});
