// Baseline rules for the trust boundaries of issue 14: the load balancers alone in subnets of
// their own (the gateway trusts X-Forwarded-For from exactly those), every subnet labelled
// with its role, MFA required by default, and the gateway's database secret never the master's.
import type { ResourceRule, TemplateRule } from './baseline-rule.ts';
import { collectReferences, intrinsicOf, subVariables } from './intrinsics.ts';
import { asArray, asRecord, getIn, referencedParameter, stringLeaves } from './template-values.ts';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
/** The names that stand for the load-balancer subnets: the stacks' parameter and the network's resources. */
const LOAD_BALANCER_SUBNETS = new Set(['LoadBalancerSubnetIds', 'LoadBalancerSubnet1', 'LoadBalancerSubnet2']);
export const SUBNET_ROLES = ['public', 'private', 'load-balancer'] as const;
const SUBNET_ROLE_TAG = 'cagw:subnet-role';

const namesIn = (value: unknown): string[] => collectReferences(value, []).flatMap((r) => (r.kind === 'ref' || r.kind === 'sub' ? [r.name.split('.')[0]!] : r.kind === 'getatt' ? [r.resource] : []));

export const trustBoundaryRules: (ResourceRule | TemplateRule)[] = [
  {
    id: 'ALB_IN_LOAD_BALANCER_SUBNETS', scope: 'resource', appliesTo: [LOAD_BALANCER], at: ['Properties', 'Subnets'],
    check: (r) => {
      const call = intrinsicOf(r.Properties.Subnets);
      return call?.fn === 'Ref' && call.arg === 'LoadBalancerSubnetIds';
    },
    violation: 'the load balancer is not in the load-balancer subnets, whose CIDRs are the gateway\'s trusted_proxies: it would not be trusted, or what shares its subnets (VPN users) would be',
    fix: 'set Subnets: !Ref LoadBalancerSubnetIds (the network stack output LoadBalancerSubnetIds)',
  },
  {
    id: 'LOAD_BALANCER_SUBNETS_EXCLUSIVE', scope: 'template',
    check: (t) => Object.entries(asRecord(t.body.Resources)).flatMap(([id, raw]) => {
      const r = asRecord(raw);
      // the load balancers themselves, and the network stack's own plumbing of those subnets
      if (r.Type === LOAD_BALANCER || r.Type === 'AWS::EC2::SubnetRouteTableAssociation') return [];
      const used = namesIn(r.Properties).filter((n) => LOAD_BALANCER_SUBNETS.has(n));
      return used.length > 0 ? [{ path: ['Resources', id], detail: `${id} (${String(r.Type)}) is placed in ${used[0]}` }] : [];
    }),
    violation: 'something other than a load balancer is placed in the load-balancer subnets, so the gateway would trust its X-Forwarded-For',
    fix: 'put tasks, databases, VPN associations and endpoints in PrivateSubnetIds; only ALBs go in LoadBalancerSubnetIds',
  },
  {
    id: 'SUBNET_ROLE_TAGGED', scope: 'resource', appliesTo: ['AWS::EC2::Subnet'], at: ['Properties', 'Tags'],
    check: (r) => asArray(r.Properties.Tags).map(asRecord)
      .some((tag) => tag.Key === SUBNET_ROLE_TAG && (SUBNET_ROLES as readonly unknown[]).includes(tag.Value)),
    violation: `the subnet does not say its role (tag ${SUBNET_ROLE_TAG}), so nobody can tell which subnets the gateway trusts as proxies`,
    fix: `tag it {Key: '${SUBNET_ROLE_TAG}', Value: ${SUBNET_ROLES.join(' | ')}}`,
  },
  {
    id: 'COGNITO_MFA_REQUIRED_BY_DEFAULT', scope: 'resource', appliesTo: ['AWS::Cognito::UserPool'], at: ['Properties', 'MfaConfiguration'],
    check: (r, body) => {
      const mfa = r.Properties.MfaConfiguration;
      return mfa === 'ON' || referencedParameter(mfa, body)?.Default === 'ON';
    },
    violation: 'the user pool does not require MFA unless someone asks for it (MfaConfiguration, or its parameter\'s default, is not ON)',
    fix: "set MfaConfiguration: 'ON', or a parameter with Default: 'ON' (COGNITO_MFA chooses otherwise, explicitly)",
  },
  {
    id: 'DB_GATEWAY_NOT_MASTER', scope: 'template',
    check: (t) => {
      const resources = asRecord(t.body.Resources);
      // the secrets the master credentials are resolved from: {{resolve:secretsmanager:${X}:…}}
      const master = new Set(Object.values(resources).map(asRecord)
        .filter((r) => r.Type === 'AWS::RDS::DBInstance' || r.Type === 'AWS::RDS::DBCluster')
        .flatMap((r) => ['MasterUserPassword', 'MasterUsername'].flatMap((k) => stringLeaves(getIn(r, ['Properties', k]))))
        .flatMap((s) => subVariables(s).map((v) => v.split('.')[0]!)));
      if (master.size === 0) return [];
      const handedOut = asRecord(asRecord(t.body.Outputs).DbSecretArn);
      const leaked = namesIn(handedOut.Value).filter((n) => master.has(n));
      const user = handedOut.Value === undefined ? undefined : asRecord(asRecord(t.body.Outputs).DbUser).Value;
      const problems = leaked.length > 0 ? [{ path: ['Outputs', 'DbSecretArn'], detail: `DbSecretArn hands the gateway ${leaked[0]}, the master secret` }] : [];
      if (user === undefined && handedOut.Value !== undefined) problems.push({ path: ['Outputs', 'DbSecretArn'], detail: 'no DbUser output names the gateway role' });
      return problems;
    },
    violation: 'the gateway would connect as the RDS master user, which can read every database and make roles',
    fix: 'output the gateway role\'s own secret as DbSecretArn (and its name as DbUser); keep the master secret for the role task and operators',
  },
];
