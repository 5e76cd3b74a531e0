// A secret deleted with a recovery window keeps its name for up to 30 days: a stack that
// creates a secret with that name fails half-way. Only secrets the templates name explicitly
// can collide (generated names never do).
import { paginateListSecrets } from '@aws-sdk/client-secrets-manager';
import { loadTemplate, parseTemplate, type StackName } from '@cagw/cloudformation';
import type { StackPart } from '@cagw/profile';
import { combineOutcomes, fail, pass, type CheckContext, type PreflightCheck } from '../check.ts';
import { awsCallFailed } from '../aws-failure.ts';
import { templatesOf } from './stack-templates.ts';

const PART_OF: Record<StackName, StackPart> = {
  network: 'network', database: 'database', gateway: 'gateway', 'idp-cognito-new': 'idp', 'idp-cognito-existing': 'idp', collector: 'collector', 'client-vpn': 'vpn',
};

/**
 * The literal names of the secrets a template creates, with ${AWS::StackName} resolved; a name
 * built from anything else cannot be known before deploying and is left out.
 */
export function namedSecretsOf(templateBody: string, stackName: string): string[] {
  const resources = (parseTemplate(templateBody, 'template').body.Resources ?? {}) as Record<string, { Type?: string; Properties?: { Name?: unknown } }>;
  return Object.values(resources).flatMap((r) => {
    if (r.Type !== 'AWS::SecretsManager::Secret') return [];
    const name = r.Properties?.Name;
    const text = typeof name === 'string' ? name : typeof name === 'object' && name && 'Fn::Sub' in name && typeof name['Fn::Sub'] === 'string' ? name['Fn::Sub'] : undefined;
    if (text === undefined) return [];
    const resolved = text.replaceAll('${AWS::StackName}', stackName);
    return resolved.includes('${') ? [] : [resolved];
  });
}

type TemplateSource = (stack: StackName) => Promise<string>;

export function secretsTombstonesCheck(readTemplate: TemplateSource = async (stack) => (await loadTemplate(stack)).body): PreflightCheck {
  return {
    id: 'secrets.tombstones',
    title: 'no deleted secret blocks a name the stacks create',
    needs: 'aws',
    reads: ['STACK_PREFIX', 'GATEWAY_STACK', 'COGNITO_STACK', 'COLLECTOR_STACK', 'VPN_STACK'],
    async run(ctx: CheckContext) {
      const names = (await Promise.all(templatesOf(ctx.settings).map(async (stack) => namedSecretsOf(await readTemplate(stack), ctx.settings.stackNames[PART_OF[stack]])))).flat();
      if (names.length === 0) return pass('the stacks create no secret with a fixed name');
      const outcomes = await Promise.all(names.map(async (name) => {
        try {
          for await (const page of paginateListSecrets({ client: ctx.aws.secretsManager }, { IncludePlannedDeletion: true, Filters: [{ Key: 'name', Values: [name] }] })) {
            const tombstone = (page.SecretList ?? []).find((s) => s.Name === name && s.DeletedDate);
            if (tombstone) {
              return fail(`secret ${name}, which a stack creates, is scheduled for deletion (${tombstone.DeletedDate!.toISOString().slice(0, 10)}) and still holds the name`, `restore it (aws secretsmanager restore-secret --secret-id ${name}) or remove it for good (aws secretsmanager delete-secret --secret-id ${name} --force-delete-without-recovery)`);
            }
          }
          return pass(name);
        } catch (e) {
          return awsCallFailed('secretsmanager:ListSecrets', e);
        }
      }));
      return combineOutcomes(outcomes, `no deleted secret holds ${names.join(', ')}`);
    },
  };
}

export const secretsTombstones = secretsTombstonesCheck();
