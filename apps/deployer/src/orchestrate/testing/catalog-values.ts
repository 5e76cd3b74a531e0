// Values of every kind a profile variable can hold, as fast-check arbitraries: one per value
// type of the variable catalogue (by its label), so a property can change any variable to
// another value of its type. Free text has no shape to follow: those variables are given
// values by name. A type or text variable without an entry here is reported, never skipped.
import ipaddr from 'ipaddr.js';
import fc from 'fast-check';
import { LANDING_ZONE_SUBNETS, LANDING_ZONE_VPCS } from './landing-zone.ts';

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const alnum = (n: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${n}}$`));
/** a DNS label without words Cognito and AWS reserve */
const label = fc.stringMatching(/^[a-z][a-z0-9]{2,9}$/).filter((l) => !/aws|amazon|cognito/.test(l));
const uuid = fc.uuid({ version: 4 });
const email = label.map((l) => `${l}@example.com`);
const groupName = fc.oneof(label, fc.constantFrom('platform', 'contractors', 'platform-finops'));

function cidr(minPrefix: number, maxPrefix: number): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: Math.max(minPrefix, 8), max: maxPrefix }))
    .map(([b, c, prefix]) => `${ipaddr.IPv4.networkAddressFromCIDR(`10.${b}.${c}.0/${prefix}`).toString()}/${prefix}`);
}

/** A DNS name near the current one (another first label, or one more), or under example.com. */
function dnsName(current: string | undefined): fc.Arbitrary<string> {
  if (!current) return label.map((l) => `${l}.example.com`);
  const rest = current.split('.').slice(1).join('.');
  return fc.oneof(label.map((l) => `${l}.${current}`), ...(rest.includes('.') ? [label.map((l) => `${l}.${rest}`)] : []));
}

const byLabel: Record<string, (current: string | undefined, region: string) => fc.Arbitrary<string>> = {
  'true|false': (c) => fc.constant(c === 'true' ? 'false' : 'true'),
  'AWS region': () => fc.constantFrom('us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'),
  'DNS name': dnsName,
  'Route 53 hosted zone id': () => fc.stringMatching(/^Z[0-9A-Z]{20}$/),
  // the landing zone's own (landing-zone.ts): a VPC or subnet the account lacks is preflight's to refuse
  'VPC id': () => fc.constantFrom(...LANDING_ZONE_VPCS),
  'subnet id': () => fc.constantFrom(...LANDING_ZONE_SUBNETS),
  'ACM certificate ARN': (_, region) => uuid.map((u) => `arn:aws:acm:${region}:123456789012:certificate/${u}`),
  'https issuer URL': () => label.map((l) => `https://${l}.okta.com/oauth2/default`),
  'OIDC client id': () => alnum(20).map((s) => `0oa${s}`),
  'full Secrets Manager secret ARN (with its 6-character suffix)': (_, region) => fc.tuple(label, alnum(6)).map(([l, s]) => `arn:aws:secretsmanager:${region}:123456789012:secret:claude-gateway/${l}-${s}`),
  'OIDC scope': () => fc.constantFrom('openid', 'email', 'profile', 'offline_access'),
  'claim name': () => fc.constantFrom('groups', 'cognito:groups', 'roles'),
  'email address': () => email,
  'Cognito domain prefix': () => label.map((l) => `${l}-login`),
  'Cognito user pool id': (_, region) => alnum(9).map((s) => `${region}_${s}`),
  'Cognito identity provider name': () => fc.constantFrom('COGNITO', 'AzureAD', 'Okta'),
  'IdP group name': () => groupName,
  'tool name': () => fc.constantFrom('WebFetch', 'WebSearch', 'Bash', 'mcp__github'),
  'model id': () => fc.constantFrom('sonnet', 'opus', 'haiku', 'us.anthropic.claude-sonnet-4-6'),
  'cap subject (org, group:<name> or user:<email>)': () => fc.oneof(fc.constant('org'), groupName.map((g) => `group:${g}`), email.map((e) => `user:${e}`)),
  'comma list of percentages 1..99': () => fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
  'SNS standard topic ARN': (_, region) => label.map((l) => `arn:aws:sns:${region}:123456789012:${l}-cap-warnings`),
  'KMS key ARN': (_, region) => uuid.map((u) => `arn:aws:kms:${region}:123456789012:key/${u}`),
  'certificate name': () => label,
  // a developer's login or email; never a name of the certificate authority's files (ca, server...)
  'VPN user name': () => fc.oneof(label.filter((l) => !/^(ca|server|crl|index|serial|crlnumber|issued|clients)$/.test(l)).map((l) => `${l}.dev`), email),
  'container image URI pinned by digest': (_, region) => fc.tuple(label, hex(64)).map(([l, d]) => `123456789012.dkr.ecr.${region}.amazonaws.com/${l}@sha256:${d}`),
  'image URI pinned by digest': () => fc.tuple(label, hex(64)).map(([l, d]) => `public.ecr.aws/${l}/${l}@sha256:${d}`),
  'Claude Code release version': () => fc.constantFrom('2.1.330', '2.1.331', '2.1.340'),
  'image tag': () => label.map((l) => `2.1.330-${l}`),
  'image digest': () => hex(64).map((d) => `sha256:${d}`),
  'image name with a tag': () => fc.tuple(label, label).map(([a, b]) => `public.ecr.aws/${a}/${b}:v1`),
  'image name': () => label.map((l) => `mirror.example.com/${l}:bookworm-slim`),
  'https URL (http only on 127.0.0.1)': () => label.map((l) => `https://mirror.example.com/${l}`),
  'OpenPGP fingerprint': () => fc.stringMatching(/^[0-9A-F]{40}$/),
  'ECR repository name': () => label.map((l) => `claude-${l}`),
  'stack name prefix': () => label.map((l) => `cgw-${l}`),
  'CloudFormation stack name': () => label.map((l) => `cgw-${l}`),
  // keys of the organisation's, never cagw's own (cagw:prefix, cagw:part, project), which TAGS refuses
  'comma list of key=value tags': () => fc.uniqueArray(fc.tuple(fc.constantFrom('team', 'cost-center', 'owner', 'env:tier'), fc.oneof(label, fc.constantFrom('Platform Team', 'cost/1234', 'ana@example.com'))), { minLength: 1, maxLength: 3, selector: ([k]) => k })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join(',')),
};

/** Values of a catalogue type (ARNs and ids in `region`), or undefined when the type has no arbitrary here. */
export function valuesOfType(typeLabel: string, current: string | undefined, region = 'us-east-1'): fc.Arbitrary<string> | undefined {
  const direct = byLabel[typeLabel];
  if (direct) return direct(current, region);
  let m = /^integer (\d+)\.\.(\d+)$/.exec(typeLabel) ?? /^number (\d+)\.\.(\d+)$/.exec(typeLabel);
  if (m) return fc.integer({ min: Number(m[1]), max: Math.min(Number(m[2]), 1_000_000) }).filter((n) => String(n) !== current).map(String);
  m = /^IPv4 CIDR \/(\d+)-\/(\d+)$/.exec(typeLabel);
  if (m) return cidr(Number(m[1]), Number(m[2]));
  if (/\|/.test(typeLabel) && !typeLabel.includes(' ')) return fc.constantFrom(...typeLabel.split('|'));
  m = /^comma list of (.+)=USD$/.exec(typeLabel);
  if (m) {
    const key = valuesOfType(m[1] as string, undefined, region);
    return key && fc.uniqueArray(fc.tuple(key, fc.integer({ min: 1, max: 1000 })), { minLength: 0, maxLength: 3, selector: ([k]) => k }).map((a) => a.map(([k, usd]) => `${k}=${usd}`).join(','));
  }
  m = /^comma list of (.+)$/.exec(typeLabel);
  if (m) {
    const item = valuesOfType(m[1] as string, undefined, region);
    return item && fc.uniqueArray(item, { minLength: 0, maxLength: 3 }).map((a) => a.join(','));
  }
  return undefined;
}
