// Hostname comparisons at label boundaries: badexample.com is not under example.com, and a
// wildcard certificate name covers exactly one extra label.

export const normalizeHostname = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/** true when `name` is `zone` itself or a name inside it */
export function isUnderZone(name: string, zone: string): boolean {
  const n = normalizeHostname(name);
  const z = normalizeHostname(zone);
  return n === z || n.endsWith(`.${z}`);
}

/** true when a certificate name (possibly `*.example.com`) matches `host` */
export function certificateNameCovers(certificateName: string, host: string): boolean {
  const c = normalizeHostname(certificateName);
  const h = normalizeHostname(host);
  if (c === h) return true;
  if (!c.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === c.slice(2);
}
