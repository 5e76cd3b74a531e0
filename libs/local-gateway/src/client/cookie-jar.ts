// Cookies per origin, as a browser would keep them for the sign-in flow: the gateway's
// `gw_dev` cookie and the issuer's interaction and session cookies. Paths and expiry
// dates are not modelled; a cookie set to an empty value or a past date is dropped.
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  remember(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', raw = ''] = attribute.split('=').map((part) => part.trim());
        if (/^max-age$/i.test(key)) return Number(raw) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(raw) < Date.now();
        return false;
      });
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.byOrigin.set(origin, cookies);
  }

  headerFor(url: string): string | undefined {
    const cookies = this.byOrigin.get(new URL(url).origin);
    if (!cookies?.size) return undefined;
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  names(url: string): string[] {
    return [...(this.byOrigin.get(new URL(url).origin)?.keys() ?? [])];
  }
}
