// The kinds of value a profile variable can hold. Each kind turns the raw string of a
// profile into a typed value, or explains what is wrong and how to write it instead.
import ipaddr from 'ipaddr.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string; fix: string };

export interface ValueType<T> {
  /** shown in `cagw profile --explain` */
  label: string;
  parse(raw: string): ParseResult<T>;
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const bad = (message: string, fix: string): ParseResult<never> => ({ ok: false, message, fix });

export const text: ValueType<string> = { label: 'text', parse: ok };

/** Only `true` or `false`: the original read anything but "true" as false, silently. */
export const boolean: ValueType<boolean> = {
  label: 'true|false',
  parse(raw) {
    if (raw === 'true') return ok(true);
    if (raw === 'false') return ok(false);
    const lower = raw.trim().toLowerCase();
    const meant = ['yes', 'on', '1', 'true'].includes(lower) ? 'true' : ['no', 'off', '0', 'false'].includes(lower) ? 'false' : undefined;
    return bad('is not true or false', meant ? `write ${meant}` : 'write true or false');
  },
};

export function integer(min: number, max: number): ValueType<number> {
  return {
    label: `integer ${min}..${max}`,
    parse(raw) {
      if (!/^-?\d+$/.test(raw.trim())) return bad('is not a whole number', `write a whole number from ${min} to ${max}`);
      const n = Number(raw.trim());
      if (n < min || n > max) return bad(`is outside ${min}..${max}`, `write a whole number from ${min} to ${max}`);
      return ok(n);
    },
  };
}

export function decimal(min: number, max: number): ValueType<number> {
  return {
    label: `number ${min}..${max}`,
    parse(raw) {
      if (!/^\d+(\.\d+)?$/.test(raw.trim())) return bad('is not a number', `write a number such as 500 or 87.5, from ${min} to ${max}`);
      const n = Number(raw.trim());
      if (n < min || n > max) return bad(`is outside ${min}..${max}`, `write a number from ${min} to ${max}`);
      return ok(n);
    },
  };
}

export function oneOf<const T extends string>(values: readonly T[]): ValueType<T> {
  return {
    label: values.join('|'),
    parse(raw) {
      const found = values.find((v) => v === raw);
      if (found) return ok(found);
      const folded = values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
      return bad(`is not one of ${values.join(', ')}`, folded ? `write ${folded}` : `write one of ${values.join(', ')}`);
    },
  };
}

/** A pattern-checked string: ids, names, ARNs. */
export function matching(label: string, pattern: RegExp, example: string): ValueType<string> {
  return {
    label,
    parse(raw) {
      return pattern.test(raw) ? ok(raw) : bad(`is not a valid ${label}`, `write a ${label} such as ${example}`);
    },
  };
}

/** A comma-separated list; spaces around commas are ignored, empty items are not allowed. */
export function listOf<T>(item: ValueType<T>): ValueType<T[]> {
  return {
    label: `comma list of ${item.label}`,
    parse(raw) {
      if (raw.trim() === '') return ok([]);
      const values: T[] = [];
      for (const [i, part] of raw.split(',').map((p) => p.trim()).entries()) {
        if (part === '') return bad(`has an empty item at position ${i + 1}`, 'remove the extra comma');
        const parsed = item.parse(part);
        if (!parsed.ok) return bad(`item "${part}" ${parsed.message}`, parsed.fix);
        values.push(parsed.value);
      }
      return ok(values);
    },
  };
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A DNS name: lowercase labels of letters, digits and hyphens, at least two labels, no trailing dot. */
export const domainName: ValueType<string> = {
  label: 'DNS name',
  parse(raw) {
    const name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
    if (name !== name.toLowerCase()) return bad('has upper-case letters', `write ${name.toLowerCase()}`);
    const labels = name.split('.');
    if (name.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
      return bad('is not a DNS name', 'write a name such as claude.example.com (letters, digits and hyphens between dots)');
    }
    return ok(name);
  },
};

/** An IPv4 CIDR block written as its network address. */
export function ipv4Cidr(minPrefix = 0, maxPrefix = 32): ValueType<string> {
  return {
    label: `IPv4 CIDR /${minPrefix}-/${maxPrefix}`,
    parse(raw) {
      let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
      try {
        parsed = ipaddr.parseCIDR(raw);
      } catch {
        return bad('is not a CIDR block', 'write an IPv4 block such as 10.20.0.0/16');
      }
      const [address, prefix] = parsed;
      if (address.kind() !== 'ipv4') return bad('is not an IPv4 block', 'write an IPv4 block such as 10.20.0.0/16');
      const network = ipaddr.IPv4.networkAddressFromCIDR(raw).toString();
      if (network !== address.toString()) return bad('is not a network address', `write ${network}/${prefix}`);
      if (prefix < minPrefix || prefix > maxPrefix) return bad(`has prefix /${prefix}, outside /${minPrefix}-/${maxPrefix}`, `use a block from /${minPrefix} to /${maxPrefix}`);
      return ok(`${network}/${prefix}`);
    },
  };
}

// Deliberately simple: one @, a dotted domain, no spaces. Mail servers decide the rest.
export const emailAddress: ValueType<string> = matching('email address', /^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'platform@example.com');

export const httpsUrl: ValueType<string> = {
  label: 'https URL',
  parse(raw) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return bad('is not a URL', 'write an https:// URL such as https://login.example.com/oauth2/default');
    }
    if (url.protocol !== 'https:') return bad(`uses ${url.protocol.replace(':', '')}://, not https://`, `write https://${raw.replace(/^[a-z]+:\/\//i, '')}`);
    return ok(raw);
  },
};

const PARTITION = 'arn:aws(?:-[a-z]+)*';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
export const awsRegion = matching('AWS region', new RegExp(`^${REGION}$`), 'us-east-1');
// The full ARN, with the 6-character suffix Secrets Manager adds: ECS and IAM need it exactly.
export const secretArn = matching(
  'full Secrets Manager secret ARN (with its 6-character suffix)',
  new RegExp(`^${PARTITION}:secretsmanager:${REGION}:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`),
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-gateway/oidc-AbCdEf',
);
export const certificateArn = matching(
  'ACM certificate ARN',
  new RegExp(`^${PARTITION}:acm:${REGION}:\\d{12}:certificate/[0-9a-f-]{36}$`),
  'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
);
export const hostedZoneId = matching('Route 53 hosted zone id', /^Z[A-Z0-9]{4,31}$/, 'Z0123456789ABCDEFGHIJ');
export const cognitoPoolId = matching('Cognito user pool id', new RegExp(`^${REGION}_[0-9A-Za-z]+$`), 'us-east-1_AbCdEfGhI');
// Pinned by digest: a tag can move under a running service; the gateway stack refuses one.
export const imageUri = matching(
  'container image URI pinned by digest',
  /^[a-z0-9.-]+(?::\d+)?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/,
  '123456789012.dkr.ecr.us-east-1.amazonaws.com/claude-apps-gateway@sha256:<digest> (aws ecr describe-images shows it)',
);
export const kmsKeyArn = matching('KMS key ARN', new RegExp(`^${PARTITION}:kms:${REGION}:\\d{12}:key/[a-f0-9-]+$`), 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
export const releaseVersion = matching('Claude Code release version', /^\d+\.\d+\.\d+$/, '2.1.330');

export interface KeyedAmount {
  key: string;
  usd: number;
}

/** A comma list of `name=USD` pairs (`ana@example.com=150,bo@example.com=60`), each name once. */
export function amountsByKey(key: ValueType<string>, example: string): ValueType<KeyedAmount[]> {
  return {
    label: `comma list of ${key.label}=USD`,
    parse(raw) {
      if (raw.trim() === '') return ok([]);
      const amounts: KeyedAmount[] = [];
      for (const item of raw.split(',').map((s) => s.trim())) {
        const at = item.lastIndexOf('=');
        if (at <= 0) return bad(`item "${item}" is not name=USD`, `write ${example}`);
        const name = key.parse(item.slice(0, at).trim());
        if (!name.ok) return bad(`item "${item}": ${name.message}`, name.fix);
        const amount = item.slice(at + 1).trim();
        if (!/^\d+(\.\d+)?$/.test(amount) || Number(amount) <= 0) return bad(`item "${item}" has no positive USD amount after "="`, `write ${example}`);
        if (amounts.some((a) => a.key === name.value)) return bad(`names ${name.value} twice`, 'keep one entry per name');
        amounts.push({ key: name.value, usd: Number(amount) });
      }
      return ok(amounts);
    },
  };
}

/** A comma list of whole percentages, sorted and without repeats. */
export const percentages: ValueType<number[]> = {
  label: 'comma list of percentages 1..99',
  parse(raw) {
    const values = raw.split(',').map((s) => s.trim());
    if (!values.every((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 99)) return bad('is not a list of whole percentages from 1 to 99', 'write e.g. 80,90');
    return ok([...new Set(values.map(Number))].sort((a, b) => a - b));
  },
};
