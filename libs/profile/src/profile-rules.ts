// Rules that read more than one variable: what each TLS and IdP mode requires, conflicts,
// and address ranges that would break routing. Each rule returns every problem it finds.
import ipaddr from 'ipaddr.js';
import { connectionBudget, smallestClassFor } from './database-classes.ts';
import { fargateMemoryFor } from './fargate-task-sizes.ts';
import type { ProfileProblem } from './profile-problem.ts';
import { RESERVED_PER_SUBNET, SUBNET_COUNT, subnetLayout } from './subnet-layout.ts';

/** Typed values of the variables that parsed; a variable that failed to parse is absent. */
export type TypedValues = Readonly<Record<string, unknown>>;
type Where = (variable: string) => string | undefined;
type Rule = (v: TypedValues, where: Where) => ProfileProblem[];

const set = (v: TypedValues, name: string) => v[name] !== undefined && v[name] !== '' && !(Array.isArray(v[name]) && v[name].length === 0);
const str = (v: TypedValues, name: string) => v[name] as string;

/** A missing value is reported once: a value that is present but failed to parse already was. */
function required(v: TypedValues, where: Where, name: string, because: string, fix: string): ProfileProblem[] {
  const presentButInvalid = !(name in v) && where(name) !== undefined;
  return set(v, name) || presentButInvalid ? [] : [{ variable: name, message: `is required ${because}`, fix }];
}
const optionalWhere = (w: string | undefined) => (w ? { where: w } : {});

const awsRegionIsSet: Rule = (v, where) =>
  required(v, where, 'AWS_REGION', 'to know where to deploy', 'set AWS_REGION=us-east-1 (or your region) in the profile or the environment');

const allowedDomainsAreSet: Rule = (v, where) =>
  required(v, where, 'ALLOWED_DOMAINS', 'so that only your company can sign in', 'set ALLOWED_DOMAINS=example.com (comma-separated for several)');

const tlsModeIsComplete: Rule = (v, where) => {
  const managed = set(v, 'DOMAIN_NAME') || set(v, 'PUBLIC_HOSTED_ZONE_ID');
  if (managed) {
    const problems = [
      ...required(v, where, 'DOMAIN_NAME', 'with PUBLIC_HOSTED_ZONE_ID (managed TLS)', 'set DOMAIN_NAME=claude.example.com, a name inside the public zone'),
      ...required(v, where, 'PUBLIC_HOSTED_ZONE_ID', 'with DOMAIN_NAME (managed TLS)', 'set PUBLIC_HOSTED_ZONE_ID to the id of the public Route 53 zone that holds DOMAIN_NAME'),
    ];
    if (set(v, 'CERT_ARN')) {
      problems.push({ variable: 'CERT_ARN', value: str(v, 'CERT_ARN'), message: 'is set together with DOMAIN_NAME/PUBLIC_HOSTED_ZONE_ID, so the TLS mode is ambiguous', fix: 'keep DOMAIN_NAME + PUBLIC_HOSTED_ZONE_ID (managed certificate) or CERT_ARN + ZONE (your certificate), not both', ...optionalWhere(where('CERT_ARN')) });
    }
    return problems;
  }
  if (set(v, 'CERT_ARN')) {
    const problems = required(v, where, 'ZONE', 'with CERT_ARN (your certificate)', 'set ZONE to the private hosted zone name, e.g. ZONE=internal.example.com');
    const certRegion = str(v, 'CERT_ARN').split(':')[3];
    if (set(v, 'AWS_REGION') && certRegion !== v.AWS_REGION) {
      problems.push({ variable: 'CERT_ARN', value: str(v, 'CERT_ARN'), message: `is in ${certRegion}, but the load balancer is in ${str(v, 'AWS_REGION')}`, fix: `import or request the certificate in ${str(v, 'AWS_REGION')}`, ...optionalWhere(where('CERT_ARN')) });
    }
    return problems;
  }
  if (set(v, 'ZONE')) return []; // self-signed
  return [{ variable: 'DOMAIN_NAME', message: 'no TLS mode is configured', fix: 'set DOMAIN_NAME + PUBLIC_HOSTED_ZONE_ID (managed certificate), CERT_ARN + ZONE (your certificate), or only ZONE (self-signed)' }];
};

const idpModeIsComplete: Rule = (v, where) => {
  switch (v.IDP_MODE) {
    case 'new-cognito':
      return [
        ...required(v, where, 'COGNITO_ADMIN_EMAIL', 'with IDP_MODE=new-cognito', 'set COGNITO_ADMIN_EMAIL to the email of the first admin user'),
        ...required(v, where, 'COGNITO_DOMAIN_PREFIX', 'with IDP_MODE=new-cognito', 'set COGNITO_DOMAIN_PREFIX to a prefix unique in the region, e.g. acme-claude'),
        ...cognitoScopes(v, where),
      ];
    case 'existing-cognito':
      return [
        ...required(v, where, 'COGNITO_POOL_ID', 'with IDP_MODE=existing-cognito', 'set COGNITO_POOL_ID to your user pool id, e.g. us-east-1_AbCdEfGhI'),
        ...cognitoScopes(v, where),
      ];
    case 'byo':
      return [
        ...required(v, where, 'OIDC_ISSUER', 'with IDP_MODE=byo', 'set OIDC_ISSUER to your IdP issuer URL, or choose IDP_MODE=new-cognito'),
        ...required(v, where, 'OIDC_CLIENT_ID', 'with IDP_MODE=byo', 'set OIDC_CLIENT_ID to the client id registered for the gateway'),
        ...required(v, where, 'OIDC_CLIENT_SECRET_ARN', 'with IDP_MODE=byo', 'store the client secret in Secrets Manager and set OIDC_CLIENT_SECRET_ARN to its ARN'),
        // A Cognito pool brought as a plain OIDC issuer refuses offline_access all the same.
        ...(/^https:\/\/cognito-idp\./.test(String(v.OIDC_ISSUER ?? '')) ? cognitoScopes(v, where) : []),
      ];
    default:
      return []; // IDP_MODE itself failed to parse and is already reported
  }
};

function cognitoScopes(v: TypedValues, where: Where): ProfileProblem[] {
  const scopes = (v.OIDC_SCOPES as string[] | undefined) ?? [];
  if (!scopes.includes('offline_access')) return [];
  return [{ variable: 'OIDC_SCOPES', value: scopes.join(','), message: 'includes offline_access, which Cognito rejects (sign-in fails with invalid_scope)', fix: 'remove offline_access; Cognito issues refresh tokens without it', ...optionalWhere(where('OIDC_SCOPES')) }];
}

const telemetryIsConsistent: Rule = (v, where) => {
  const problems: ProfileProblem[] = [];
  if (v.ENABLE_COLLECTOR === true && set(v, 'COLLECTOR_ENDPOINT')) {
    problems.push({ variable: 'COLLECTOR_ENDPOINT', value: str(v, 'COLLECTOR_ENDPOINT'), message: 'is set while ENABLE_COLLECTOR=true, so it is unclear where telemetry should go', fix: 'keep ENABLE_COLLECTOR=true (the bundled collector) or COLLECTOR_ENDPOINT (yours), not both', ...optionalWhere(where('COLLECTOR_ENDPOINT')) });
  }
  // The bundled collector's HTTPS listener gets a managed ACM certificate in the public zone.
  if (v.ENABLE_COLLECTOR === true && !set(v, 'DOMAIN_NAME') && where('DOMAIN_NAME') === undefined) {
    problems.push({ variable: 'ENABLE_COLLECTOR', value: 'true', message: 'needs managed TLS (DOMAIN_NAME + PUBLIC_HOSTED_ZONE_ID): the bundled collector gets a public ACM certificate in that zone', fix: 'add DOMAIN_NAME and PUBLIC_HOSTED_ZONE_ID, or run your own collector and set COLLECTOR_ENDPOINT', ...optionalWhere(where('ENABLE_COLLECTOR')) });
  }
  return problems;
};

const spendCapsHaveAKey: Rule = (v, where) =>
  v.ENABLE_SPEND_CAPS === true
    ? required(v, where, 'GATEWAY_ADMIN_WRITE_KEY_ARN', 'with ENABLE_SPEND_CAPS=true', 'store a random key in Secrets Manager (e.g. openssl rand -base64 32 via a file) and set GATEWAY_ADMIN_WRITE_KEY_ARN to its ARN')
    : [];

const taskCountsAreOrdered: Rule = (v, where) =>
  typeof v.MIN_TASKS === 'number' && typeof v.MAX_TASKS === 'number' && v.MAX_TASKS < v.MIN_TASKS
    ? [{ variable: 'MAX_TASKS', value: String(v.MAX_TASKS), message: `is below MIN_TASKS (${v.MIN_TASKS})`, fix: `set MAX_TASKS to ${v.MIN_TASKS} or more`, ...optionalWhere(where('MAX_TASKS')) }]
    : [];

/**
 * Every task keeps a pool of store.max_connections (DB_POOL_SIZE) to the database: past
 * max_connections of DB_INSTANCE_CLASS, new tasks cannot connect exactly when the load peaks
 * (database-classes.ts).
 */
const databaseCarriesMaxTasks: Rule = (v, where) => {
  if (typeof v.MAX_TASKS !== 'number' || typeof v.DB_INSTANCE_CLASS !== 'string' || typeof v.DB_POOL_SIZE !== 'number') return [];
  const budget = connectionBudget(v.DB_INSTANCE_CLASS, v.MAX_TASKS, v.DB_POOL_SIZE);
  if (!budget || budget.fits) return [];
  const bigger = smallestClassFor(v.MAX_TASKS, v.DB_POOL_SIZE);
  // only what the catalogue accepts: MAX_TASKS is at least 2, DB_POOL_SIZE at least 1
  const poolThatFits = Math.floor((budget.maxConnections - budget.reserved) / v.MAX_TASKS);
  const lower = [
    ...(budget.maxTasksThatFit >= 2 ? [`MAX_TASKS to ${budget.maxTasksThatFit} or less`] : []),
    ...(poolThatFits >= 1 ? [`DB_POOL_SIZE to ${poolThatFits} or less`] : []),
  ];
  return [{
    variable: 'MAX_TASKS', value: String(v.MAX_TASKS),
    message: `needs ${budget.needed} database connections (MAX_TASKS ${v.MAX_TASKS} × DB_POOL_SIZE ${budget.pool} + ${budget.reserved} reserved), over the ${budget.maxConnections} that DB_INSTANCE_CLASS=${v.DB_INSTANCE_CLASS} allows (RDS: LEAST(DBInstanceClassMemory/9531392, 5000))`,
    fix: `set ${[...lower, ''].join(', ')}or DB_INSTANCE_CLASS=${bigger?.name ?? 'db.m7g.large'} (holds a rolling deploy at MAX_TASKS too); cagw size --developers N recommends MAX_TASKS and the class`,
    ...optionalWhere(where('MAX_TASKS') ?? where('DB_INSTANCE_CLASS')),
  }];
};

/** Fargate runs only the CPU and memory pairs of its task-size table (fargate-task-sizes.ts). */
const taskSizeIsOffered: Rule = (v, where) => {
  if (typeof v.TASK_CPU !== 'string' || typeof v.TASK_MEMORY !== 'number') return [];
  const allowed = fargateMemoryFor(Number(v.TASK_CPU));
  if (allowed.includes(v.TASK_MEMORY)) return [];
  const range = allowed.length > 3 ? `${allowed[0]} to ${allowed.at(-1)} in steps of ${(allowed[1] as number) - (allowed[0] as number)}` : allowed.join(', ');
  return [{
    variable: 'TASK_MEMORY', value: String(v.TASK_MEMORY),
    message: `is not a memory size Fargate offers with TASK_CPU=${v.TASK_CPU} (it offers ${range} MiB)`,
    fix: `set TASK_MEMORY to one of ${range} MiB, or choose another TASK_CPU (Amazon ECS Developer Guide, "Task size")`,
    ...optionalWhere(where('TASK_MEMORY')),
  }];
};

const imageIsKnown: Rule = (v, where) => {
  const problems = v.BUILD_IMAGE === false
    ? required(v, where, 'GATEWAY_IMAGE_URI', 'with BUILD_IMAGE=false', 'set GATEWAY_IMAGE_URI to an image in ECR, or BUILD_IMAGE=true to build the verified image here')
    : [];
  if (set(v, 'PLATFORM') && set(v, 'TASK_ARCH') && (v.PLATFORM === 'linux/arm64') !== (v.TASK_ARCH === 'ARM64')) {
    problems.push({ variable: 'PLATFORM', value: str(v, 'PLATFORM'), message: `disagrees with TASK_ARCH=${str(v, 'TASK_ARCH')}`, fix: 'remove PLATFORM (TASK_ARCH replaces it) or make them agree', ...optionalWhere(where('PLATFORM')) });
  }
  return problems;
};

// Anthropic Claude Code Release Signing: the same as docker/Dockerfile's RELEASE_KEY_FINGERPRINT
// default and @cagw/local-gateway's DEFAULT_RELEASE_SOURCE (a test reads the Dockerfile).
export const ANTHROPIC_RELEASE_KEY_FINGERPRINT = '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE';
const fingerprintOf = (value: unknown) => String(value).replace(/\s/g, '').toUpperCase();

/** One profile line must not silently swap the signer of the gateway binary: another one is acknowledged by repeating it. */
const releaseSignerIsAcknowledged: Rule = (v, where) => {
  if (!set(v, 'RELEASE_KEY_FINGERPRINT')) return [];
  const fingerprint = fingerprintOf(v.RELEASE_KEY_FINGERPRINT);
  if (fingerprint === ANTHROPIC_RELEASE_KEY_FINGERPRINT) return [];
  const acknowledged = set(v, 'RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED') ? fingerprintOf(v.RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED) : undefined;
  if (acknowledged === fingerprint) return [];
  const fix = `if you trust ${fingerprint} to sign the gateway binary (it then runs with the gateway's AWS role and sees every prompt), set RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED=${fingerprint}; otherwise remove RELEASE_KEY_FINGERPRINT (and RELEASE_KEY_FILE) to trust Anthropic's key ${ANTHROPIC_RELEASE_KEY_FINGERPRINT}`;
  // the variable to set is the acknowledgement (as a required variable is named, not the one needing it)
  return [{
    variable: 'RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED', ...(acknowledged ? { value: acknowledged } : {}),
    message: acknowledged
      ? `acknowledges ${acknowledged}, but RELEASE_KEY_FINGERPRINT trusts ${fingerprint}`
      : `is required with RELEASE_KEY_FINGERPRINT=${fingerprint}, which trusts another signer than Anthropic's release key for the gateway binary`,
    fix, ...optionalWhere(where(acknowledged ? 'RELEASE_KEY_FINGERPRINT_ACKNOWLEDGED' : 'RELEASE_KEY_FINGERPRINT')),
  }];
};

/** The Client VPN pool must not overlap the VPC: AWS refuses the endpoint, and routes would clash. */
const vpnPoolIsOutsideTheVpc: Rule = (v, where) => {
  if (v.ENABLE_VPN !== true || !set(v, 'VPN_CLIENT_CIDR') || !set(v, 'VPC_CIDR')) return [];
  if (!cidrsOverlap(str(v, 'VPN_CLIENT_CIDR'), str(v, 'VPC_CIDR'))) return [];
  return [{ variable: 'VPN_CLIENT_CIDR', value: str(v, 'VPN_CLIENT_CIDR'), message: `overlaps VPC_CIDR ${str(v, 'VPC_CIDR')}`, fix: 'choose a pool outside the VPC, e.g. 10.30.0.0/22 with VPC_CIDR=10.20.0.0/16', ...optionalWhere(where('VPN_CLIENT_CIDR')) }];
};

/**
 * The VPC must hold six subnets of at least /27 (two public, two private, two for the load
 * balancers), and each private subnet the tasks of a rolling deploy (up to twice MAX_TASKS over
 * two subnets) plus the database, its standby, the VPN interface and the collector.
 */
const vpcHoldsItsSubnets: Rule = (v, where) => {
  // an existing VPC is not carved: preflight (network.existing-vpc) counts its free addresses
  if (!set(v, 'VPC_CIDR') || set(v, 'VPC_ID')) return [];
  const vpc = str(v, 'VPC_CIDR');
  const layout = subnetLayout(vpc);
  const at = optionalWhere(where('VPC_CIDR'));
  if (!layout) {
    return [{ variable: 'VPC_CIDR', value: vpc, message: `cannot hold the ${SUBNET_COUNT} subnets of at least /27 the network stack carves (public, private and load-balancer subnets in two AZs)`, fix: 'use a /24 or larger block, e.g. 10.20.0.0/16', ...at }];
  }
  const maxTasks = typeof v.MAX_TASKS === 'number' ? v.MAX_TASKS : 10;
  const needed = maxTasks + 4;
  if (layout.usablePerSubnet >= needed) return [];
  const bits = Math.ceil(Math.log2(needed + RESERVED_PER_SUBNET));
  return [{
    variable: 'VPC_CIDR', value: vpc,
    message: `gives /${32 - layout.hostBits} subnets of ${layout.usablePerSubnet} usable addresses, but each private subnet needs ${needed} (MAX_TASKS=${maxTasks} during a rolling deploy, plus the database, its standby, the VPN and the collector)`,
    fix: `use a /${Math.max(16, 32 - bits - 3)} or larger VPC_CIDR, or lower MAX_TASKS to ${Math.max(2, layout.usablePerSubnet - 4)}`, ...at,
  }];
};

const SUBNET_LISTS = {
  PRIVATE_SUBNET_IDS: 'private subnets for the tasks, the database and the VPN, routing 0.0.0.0/0 to a NAT gateway',
  LOAD_BALANCER_SUBNET_IDS: 'subnets for the internal load balancers, /27 or larger, apart from the private ones',
} as const;

/**
 * An existing VPC (VPC_ID) comes with the subnets the stacks need, each list in two AZs at
 * least (RDS DB subnet groups and ALBs both require two), and no subnet in both lists: the
 * gateway trusts X-Forwarded-For from the load-balancer subnets, where no VPN user may sit.
 */
const existingVpcHasItsSubnets: Rule = (v, where) => {
  const problems: ProfileProblem[] = [];
  const list = (name: keyof typeof SUBNET_LISTS) => (Array.isArray(v[name]) ? (v[name] as string[]) : []);
  if (!set(v, 'VPC_ID')) {
    for (const name of Object.keys(SUBNET_LISTS) as (keyof typeof SUBNET_LISTS)[]) {
      if (list(name).length > 0) problems.push({ variable: name, value: list(name).join(','), message: 'is set without VPC_ID, so cagw would create its own VPC and ignore these subnets', fix: `set VPC_ID to the VPC that holds them (e.g. VPC_ID=vpc-0123456789abcdef0), or remove ${name}`, ...optionalWhere(where(name)) });
    }
    return problems;
  }
  const vpc = str(v, 'VPC_ID');
  for (const name of Object.keys(SUBNET_LISTS) as (keyof typeof SUBNET_LISTS)[]) {
    const ids = list(name);
    const presentButInvalid = !(name in v) && where(name) !== undefined;
    if (presentButInvalid) continue;
    const at = optionalWhere(where(name));
    const fix = `set ${name}=subnet-…,subnet-… (${SUBNET_LISTS[name]}, in two or more AZs of ${vpc})`;
    if (ids.length === 0) problems.push({ variable: name, message: `is required with VPC_ID=${vpc} (an existing VPC): cagw creates no subnets there`, fix });
    else if (ids.length < 2) problems.push({ variable: name, value: ids.join(','), message: `lists ${ids.length} subnet, but the load balancer and the RDS DB subnet group each need subnets in at least two AZs`, fix, ...at });
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (repeated.length > 0) problems.push({ variable: name, value: ids.join(','), message: `lists ${[...new Set(repeated)].join(', ')} more than once`, fix: 'list each subnet once', ...at });
  }
  const shared = list('PRIVATE_SUBNET_IDS').filter((id) => list('LOAD_BALANCER_SUBNET_IDS').includes(id));
  if (shared.length > 0) {
    problems.push({ variable: 'LOAD_BALANCER_SUBNET_IDS', value: list('LOAD_BALANCER_SUBNET_IDS').join(','), message: `shares ${shared.join(', ')} with PRIVATE_SUBNET_IDS: VPN users reach the VPC from the private subnets, and the gateway trusts X-Forwarded-For from the load-balancer subnets, so a VPN user could forge a client address`, fix: 'give the load balancers subnets of their own (or ask the landing zone for two /27 subnets)', ...optionalWhere(where('LOAD_BALANCER_SUBNET_IDS')) });
  }
  return problems;
};

export function cidrsOverlap(a: string, b: string): boolean {
  const [addrA, lenA] = ipaddr.parseCIDR(a);
  const [addrB, lenB] = ipaddr.parseCIDR(b);
  const shorter = Math.min(lenA, lenB);
  return addrA.match(addrB, shorter);
}

export const profileRules: readonly Rule[] = [
  awsRegionIsSet, allowedDomainsAreSet, tlsModeIsComplete, idpModeIsComplete, telemetryIsConsistent,
  spendCapsHaveAKey, taskCountsAreOrdered, databaseCarriesMaxTasks, taskSizeIsOffered, imageIsKnown, releaseSignerIsAcknowledged, vpnPoolIsOutsideTheVpc, vpcHoldsItsSubnets,
  existingVpcHasItsSubnets,
];
