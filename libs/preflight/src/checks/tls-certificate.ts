// Bring-your-own certificate: in the load balancer's region, issued, covering the gateway
// host (wildcards cover one label), and not about to expire (imported ones never renew).
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { combineOutcomes, fail, warn, type CheckOutcome, type PreflightCheck } from '../check.ts';
import { awsCallFailed, isNotFound } from '../aws-failure.ts';
import { certificateNameCovers } from '../dns-names.ts';

const DAY_MS = 86_400_000;
export const EXPIRY_WARNING_DAYS = 30;

export const tlsCertificate: PreflightCheck = {
  id: 'tls.certificate',
  title: 'the ACM certificate is issued, valid and covers the host',
  needs: 'aws',
  reads: ['CERT_ARN', 'GATEWAY_HOST', 'AWS_REGION'],
  skipReason: (s) => (s.tlsMode === 'byo-cert' ? undefined : `TLS mode ${s.tlsMode} brings no certificate`),
  async run({ aws, settings: s, signal, now }) {
    const arn = s.CERT_ARN ?? '';
    let cert;
    try {
      ({ Certificate: cert } = await aws.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }), { abortSignal: signal }));
    } catch (e) {
      if (isNotFound(e, 'ResourceNotFoundException')) return fail(`CERT_ARN ${arn} does not exist in ${s.AWS_REGION}`, `import or request the certificate in ${s.AWS_REGION} and set CERT_ARN to its ARN`);
      return awsCallFailed('acm:DescribeCertificate', e);
    }
    const found: CheckOutcome[] = [];
    if (cert?.Status !== 'ISSUED') found.push(fail(`CERT_ARN is ${cert?.Status ?? 'in an unknown state'}, not ISSUED`, 'complete its validation in ACM, or use an issued certificate'));
    const names = [...new Set([cert?.DomainName, ...(cert?.SubjectAlternativeNames ?? [])].filter((n): n is string => Boolean(n)))];
    if (!names.some((n) => certificateNameCovers(n, s.gatewayHost))) {
      found.push(fail(`the certificate covers ${names.join(', ')}, not ${s.gatewayHost}`, `use a certificate whose name or SAN is ${s.gatewayHost} (or *.${s.gatewayHost.split('.').slice(1).join('.')})`));
    }
    if (cert?.NotAfter) {
      const days = Math.floor((cert.NotAfter.getTime() - now().getTime()) / DAY_MS);
      if (days < 0) found.push(fail(`the certificate expired on ${cert.NotAfter.toISOString().slice(0, 10)}`, 'renew or re-import it'));
      else if (days < EXPIRY_WARNING_DAYS && cert.Type === 'IMPORTED') found.push(fail(`the imported certificate expires in ${days} days (${cert.NotAfter.toISOString().slice(0, 10)}), and imported certificates never renew`, 're-import a renewed certificate first, and publish its fingerprint to developers'));
      else if (days < EXPIRY_WARNING_DAYS) found.push(warn(`the certificate expires in ${days} days`, 'check that ACM renewal is not blocked (its validation records must stay in place)'));
    }
    return combineOutcomes(found, `${cert?.Type ?? ''} certificate for ${names.join(', ')} is issued, valid until ${cert?.NotAfter?.toISOString().slice(0, 10) ?? '?'}`);
  },
};
