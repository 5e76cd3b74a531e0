// ACM as the certificates step meets it: imported certificates with their tags, listed one per
// page, described from the certificate itself, and re-imported in place. What ACM refuses on a
// re-import (ImportCertificate with CertificateArn) is refused here too:
// - an ARN that names no certificate: ResourceNotFoundException
//   https://docs.aws.amazon.com/acm/latest/APIReference/API_ImportCertificate.html (Errors)
// - tags: "You cannot apply tags when reimporting a certificate" (same page, Tags); ACM answers
//   ValidationException "Tagging is not permitted on re-import." (as reported in
//   hashicorp/terraform-provider-aws#15055)
// - another key type or size; Key Usage or Extended Key Usage values the original had, removed
//   (client authentication excepted); either extension added when the original had none
//   https://docs.aws.amazon.com/acm/latest/userguide/import-reimport.html
//   https://docs.aws.amazon.com/acm/latest/userguide/import-certificate-prerequisites.html
//   (the user guide names no error code for these; ValidationException is assumed)
// A re-import keeps the ARN and the tags, and replaces certificate, key and chain.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  DescribeCertificateCommand, ImportCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand, type Tag,
} from '@aws-sdk/client-acm';
import type { AwsStub } from 'aws-sdk-client-mock';

export interface FakeCertificate {
  arn: string;
  cert: string;
  key: string;
  chain?: string;
  tags: Tag[];
}

const acmError = (name: string, message: string) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });

/** A Key Usage or Extended Key Usage extension as openssl prints it: its values, or undefined when absent. */
function usages(pem: string, extension: 'keyUsage' | 'extendedKeyUsage'): string[] | undefined {
  const text = execFileSync('openssl', ['x509', '-noout', '-ext', extension], { input: pem, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  const values = text.split('\n').slice(1).join(',').split(',').map((v) => v.trim()).filter(Boolean);
  return values.length > 0 ? values : undefined;
}

function keyOf(pem: string): string {
  const k = new X509Certificate(pem).publicKey;
  return `${k.asymmetricKeyType}/${k.asymmetricKeyDetails?.modulusLength ?? k.asymmetricKeyDetails?.namedCurve ?? '?'}`;
}

/** ACM's KeyAlgorithm name of an RSA certificate's key (RSA_2048), else its node key type */
function keyTypeOf(pem: string): string {
  const k = new X509Certificate(pem).publicKey;
  return k.asymmetricKeyType === 'rsa' ? `RSA_${k.asymmetricKeyDetails?.modulusLength}` : String(k.asymmetricKeyType);
}

export class FakeAcm {
  certificates: FakeCertificate[] = [];
  reimports = 0;

  /** clock: when a certificate counts as EXPIRED */
  constructor(private readonly clock: () => Date) {}

  reset(): void {
    this.certificates = [];
    this.reimports = 0;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- aws-sdk-client-mock's stub is generic over every command
  install(mock: AwsStub<any, any, any>): void {
    mock.on(ImportCertificateCommand).callsFake(async (input) => {
      const cert = Buffer.from(input.Certificate).toString();
      const key = Buffer.from(input.PrivateKey).toString();
      const chain = input.CertificateChain ? Buffer.from(input.CertificateChain).toString() : undefined;
      if (input.CertificateArn) return { CertificateArn: this.reimport(input.CertificateArn, cert, key, chain, input.Tags) };
      const arn = `arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-4697-8796-a5b4c3d2e${String(this.certificates.length).padStart(3, '0')}`;
      this.certificates.push({ arn, cert, key, ...(chain ? { chain } : {}), tags: input.Tags ?? [] });
      return { CertificateArn: arn };
    });
    // one certificate per page, so paging is exercised; Includes.keyTypes filters (without it ACM
    // lists RSA_1024 and RSA_2048 only: API reference, ListCertificates, Includes)
    mock.on(ListCertificatesCommand).callsFake(async (input) => {
      const i = Number(input.NextToken ?? 0);
      const c = this.certificates[i];
      const keyTypes: string[] = input.Includes?.keyTypes ?? ['RSA_1024', 'RSA_2048'];
      const listed = c && keyTypes.includes(keyTypeOf(c.cert));
      return { CertificateSummaryList: listed ? [{ CertificateArn: c.arn, Type: 'IMPORTED', KeyAlgorithm: keyTypeOf(c.cert) }] : [], NextToken: i + 1 < this.certificates.length ? String(i + 1) : undefined };
    });
    mock.on(ListTagsForCertificateCommand).callsFake(async (input) => ({ Tags: this.find(input.CertificateArn).tags }));
    // what ACM reads from an imported certificate: the subject CN, the DNS SANs, the validity, and
    // EXPIRED once NotAfter has passed (ACM API reference, CertificateDetail)
    mock.on(DescribeCertificateCommand).callsFake(async (input) => {
      const c = this.find(input.CertificateArn);
      const x509 = new X509Certificate(c.cert);
      const notAfter = new Date(x509.validTo);
      return { Certificate: {
        CertificateArn: c.arn, Type: 'IMPORTED', DomainName: /CN=([^\n,]+)/.exec(x509.subject)?.[1],
        SubjectAlternativeNames: (x509.subjectAltName ?? '').split(', ').filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4)),
        NotBefore: new Date(x509.validFrom), NotAfter: notAfter, Status: notAfter < this.clock() ? 'EXPIRED' : 'ISSUED',
      } };
    });
  }

  private find(arn: string | undefined): FakeCertificate {
    const c = this.certificates.find((x) => x.arn === arn);
    if (!c) throw acmError('ResourceNotFoundException', `Could not find certificate ${arn}.`);
    return c;
  }

  private reimport(arn: string, cert: string, key: string, chain: string | undefined, tags: Tag[] | undefined): string {
    const c = this.find(arn);
    if (tags && tags.length > 0) throw acmError('ValidationException', 'Tagging is not permitted on re-import.');
    if (keyOf(cert) !== keyOf(c.cert)) throw acmError('ValidationException', `The certificate key type and size cannot change on re-import (${keyOf(c.cert)} to ${keyOf(cert)}).`);
    for (const extension of ['keyUsage', 'extendedKeyUsage'] as const) {
      const before = usages(c.cert, extension);
      const after = usages(cert, extension);
      if (!before && after) throw acmError('ValidationException', `The ${extension} extension cannot be added on re-import.`);
      // "You can remove the Client Authentication Extended Key Usage" (import-reimport.html)
      const removed = (before ?? []).filter((v) => !(after ?? []).includes(v) && v !== 'TLS Web Client Authentication');
      if (removed.length > 0) throw acmError('ValidationException', `${extension} values cannot be removed on re-import: ${removed.join(', ')}.`);
    }
    Object.assign(c, { cert, key, ...(chain ? { chain } : {}) });
    this.reimports += 1;
    return arn;
  }
}
