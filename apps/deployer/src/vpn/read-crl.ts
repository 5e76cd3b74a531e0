// A certificate revocation list as cagw compares two of them: its DER bytes (the same list is
// the same bytes, whatever line breaks a PEM copy has) and when it was issued (its thisUpdate,
// which openssl sets to the time it signed the list, so of two lists of one CA the later is the
// newer). Read from the DER itself (RFC 5280, section 5.1):
//   CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm, signatureValue }
//   TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature AlgorithmIdentifier,
//                              issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL, ... }
//   Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }

export interface ReadCrl {
  der: Buffer;
  /** thisUpdate: when the CA signed the list */
  issuedAt: Date;
}

const PEM = /-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/;
const SEQUENCE = 0x30;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

/** The list, or undefined when the text is not one PEM X.509 CRL. */
export function readCrl(pem: string): ReadCrl | undefined {
  const body = PEM.exec(pem)?.[1];
  if (!body) return undefined;
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  try {
    const list = element(der, 0);
    if (list.tag !== SEQUENCE) return undefined;
    const tbs = element(der, list.start);
    if (tbs.tag !== SEQUENCE) return undefined;
    // the first Time inside tbsCertList is thisUpdate: version, signature and issuer come before it
    for (let at = tbs.start; at < tbs.end;) {
      const child = element(der, at);
      if (child.tag === UTC_TIME || child.tag === GENERALIZED_TIME) {
        const issuedAt = asnTime(der.subarray(child.start, child.end).toString('latin1'), child.tag === UTC_TIME);
        return issuedAt ? { der, issuedAt } : undefined;
      }
      at = child.end;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** Two PEM texts hold the same list. */
export const sameCrl = (a: ReadCrl, b: ReadCrl): boolean => a.der.equals(b.der);

/** One DER element at offset: its tag and where its content starts and ends. */
function element(der: Buffer, offset: number): { tag: number; start: number; end: number } {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) throw new RangeError('truncated DER');
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new RangeError('unsupported DER length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] ?? Number.NaN);
    start += bytes;
  }
  const end = start + length;
  if (!Number.isFinite(end) || end > der.length) throw new RangeError('truncated DER');
  return { tag, start, end };
}

/** UTCTime YYMMDDHHMMSSZ (years 50-99 are 19xx) or GeneralizedTime YYYYMMDDHHMMSSZ, as RFC 5280 4.1.2.5 has them. */
function asnTime(text: string, utc: boolean): Date | undefined {
  const m = (utc ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/).exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const year = utc ? (y < 50 ? 2000 + y : 1900 + y) : y;
  return new Date(Date.UTC(year, mo - 1, d, h, mi, s));
}
