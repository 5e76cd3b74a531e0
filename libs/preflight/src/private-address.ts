// Which addresses the gateway's /login accepts: every resolved address of the gateway host
// must be private (RFC 1918, CGNAT 100.64/10, link-local, IPv6 ULA fc00::/7, or loopback).
import ipaddr from 'ipaddr.js';

const PRIVATE_V4 = new Set(['private', 'carrierGradeNat', 'linkLocal', 'loopback']);
const PRIVATE_V6 = new Set(['uniqueLocal', 'linkLocal', 'loopback']);

export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.kind() === 'ipv4' ? PRIVATE_V4.has(parsed.range()) : PRIVATE_V6.has(parsed.range());
}
