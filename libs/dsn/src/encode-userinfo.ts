// Percent-encoding for the parts of a postgres:// URL that carry free text (user, password,
// database, query values). RDS generates passwords with # % & @ / ? : and spaces, and the
// gateway's URL parser refuses an unencoded # / ? or %, so everything outside RFC 3986's
// unreserved set is encoded, byte by byte over UTF-8. docker/pct-encode.sh is the bash twin
// of this function and must stay byte-for-byte identical (a property test checks it).
import { CagwError } from '@cagw/errors';

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
// With the u flag, paired surrogates read as one code point, so this matches only lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

/** RFC 3986 percent-encoding of `text`'s UTF-8 bytes; only A-Z a-z 0-9 - . _ ~ stay as they are. */
export function encodeUserinfo(text: string): string {
  if (LONE_SURROGATE.test(text)) {
    // A lone UTF-16 surrogate has no UTF-8 form: encoding it would silently change the value.
    throw new CagwError('UrlPartNotEncodable', 'a value for the postgres url contains a lone UTF-16 surrogate (value hidden)', {
      source: 'user',
      fix: 'pass the value as well-formed Unicode text',
    });
  }
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
