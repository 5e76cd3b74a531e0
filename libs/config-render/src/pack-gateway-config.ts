// The form the config travels in to the task definition: comments stripped and compact (JSON is
// YAML, so the gateway reads it as it is), gzip-compressed, base64 — one environment variable
// that the image's entrypoint decodes with `base64 -d | gunzip` into the config file.
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'yaml';

/** Packs a YAML document: parse (drops comments), JSON (compact), gzip -9, base64. */
export function packGatewayConfig(yamlText: string): string {
  const compact = JSON.stringify(parse(yamlText));
  return gzipSync(Buffer.from(compact, 'utf8'), { level: 9 }).toString('base64');
}

/** The compact text a packed config decodes to (what the entrypoint writes to disk). */
export function unpackGatewayConfig(packed: string): string {
  return gunzipSync(Buffer.from(packed, 'base64')).toString('utf8');
}
