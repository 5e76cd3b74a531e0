// Steps as ECR and ACM keep their results: one image per repository and inputs, one
// certificate per name (gateway host, server CN), found again by the same inputs. A changed
// input makes a new result, as a real run would; an unchanged one reuses it.
import type { StepRunner } from '../step-runner.ts';

/** An ACM certificate ARN shaped like the real ones, the same for the same name. */
export function certificateArnFor(name: string): string {
  const h = [...name].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(8, '0');
  return `arn:aws:acm:us-east-1:123456789012:certificate/${h}-0000-4000-8000-${h}${h.slice(0, 4)}`;
}

function keyed(key: (i: Record<string, string>) => string, make: (i: Record<string, string>) => Record<string, string>): StepRunner {
  const made = new Map<string, Record<string, string>>();
  return {
    find: async (i) => made.get(key(i)),
    run: async (i) => {
      made.set(key(i), make(i));
      return made.get(key(i)) as Record<string, string>;
    },
  };
}

export function keyedSteps(): { image: StepRunner; certificates: StepRunner } {
  const digest = (i: Record<string, string>) => [...`${i.ClaudeVersion}/${i.Architecture}/${i.ImageTag}`]
    .reduce((a, c) => (a * 33 + c.charCodeAt(0)) >>> 0, 5).toString(16).padStart(8, '0').repeat(8);
  return {
    image: keyed((i) => `${i.RepositoryUri}/${i.ClaudeVersion}/${i.Architecture}/${i.ImageTag}`, (i) => ({ ImageUri: `${i.RepositoryUri}@sha256:${digest(i)}` })),
    certificates: keyed((i) => `${i.For}/${i.Prefix}/${i.GatewayHost}/${i.ServerCn}/${i.VpnClientName}`, (i) => ({
      ...(i.For?.includes('gateway') ? { GatewayCertificateArn: certificateArnFor(`gateway/${i.GatewayHost}`) } : {}),
      ...(i.For?.includes('vpn') ? { VpnServerCertificateArn: certificateArnFor(`server/${i.ServerCn}`), VpnClientRootCertificateArn: certificateArnFor(`client/${i.Prefix}/${i.ServerCn}`) } : {}),
    })),
  };
}
