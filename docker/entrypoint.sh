#!/usr/bin/env bash
# entrypoint.sh: prepares the gateway's environment, then execs `claude gateway` as PID 1.
# Sourced (by tests) it only defines functions; run, main ends in exec.
#
# Environment it reads (the deployer's task definition sets these):
#   GATEWAY_CONFIG_PACKED    gateway.yaml, gzip then base64 (@cagw/config-render's packed form);
#                            when unset, GATEWAY_CONFIG_PATH must already exist (a mounted file)
#   GATEWAY_CONFIG_PATH      where the config is written (default $CLAUDE_CONFIG_DIR/gateway.yaml)
#   GATEWAY_POSTGRES_URL     a full postgres URL, used as it is; or else, from the RDS secret:
#   GATEWAY_PG_HOST          required          GATEWAY_PG_PASSWORD (or GATEWAY_PG_PASSWORD_FILE) required
#   GATEWAY_PG_USER          default gateway   GATEWAY_PG_PORT default 5432
#   GATEWAY_PG_DATABASE      default gateway   GATEWAY_PG_SSLMODE default verify-full
#   GATEWAY_EXTRA_CA_DIR     *.pem/*.crt to trust besides NODE_EXTRA_CA_CERTS (default /etc/claude/extra-ca)
#   GATEWAY_EXTRA_CA_PEM     PEM certificates to trust, as text
#   CLAUDE_BIN               the gateway binary (default /usr/local/bin/claude)
# The gateway itself sees GATEWAY_POSTGRES_URL and none of GATEWAY_PG_* or PG*.
set -Eeuo pipefail

# shellcheck source=./pct-encode.sh
source "$(dirname "${BASH_SOURCE[0]}")/pct-encode.sh"

die() {
  printf 'entrypoint: %s\n' "$*" >&2
  exit 1
}

# VAR or VAR_FILE, never both; the value never reaches argv or a log.
file_env() {
  local var="$1" file="${1}_FILE"
  if [[ -n "${!var:-}" && -n "${!file:-}" ]]; then die "both $var and $file are set: set only one"; fi
  if [[ -n "${!file:-}" ]]; then
    [[ -r "${!file}" ]] || die "$file names ${!file}, which cannot be read: mount the secret file there"
    export "$var=$(<"${!file}")"
  fi
  unset "$file"
}

write_config() {
  config_dir="${CLAUDE_CONFIG_DIR:-/tmp/.claude}"
  config_path="${GATEWAY_CONFIG_PATH:-$config_dir/gateway.yaml}"
  mkdir -p "$config_dir" "$(dirname "$config_path")" || die "cannot create $config_dir: CLAUDE_CONFIG_DIR must be writable by uid $(id -u)"
  if [[ -n "${GATEWAY_CONFIG_PACKED:-}" ]]; then
    printf '%s' "$GATEWAY_CONFIG_PACKED" | base64 -d 2>/dev/null | gzip -dc >"$config_path" 2>/dev/null ||
      die 'GATEWAY_CONFIG_PACKED is not gzip+base64 text: set it to the packed config from cagw render'
    [[ -s "$config_path" ]] || die 'GATEWAY_CONFIG_PACKED unpacks to an empty file: set it to the packed config from cagw render'
    unset GATEWAY_CONFIG_PACKED # large, and the gateway reads the file
  elif [[ ! -s "$config_path" ]]; then
    die "GATEWAY_CONFIG_PACKED is not set and $config_path does not exist: set GATEWAY_CONFIG_PACKED or mount the config there"
  fi
}

# GATEWAY_POSTGRES_URL, either given whole or assembled from the RDS secret's fields with every
# free-text part percent-encoded (RDS passwords hold # % & @ / ? : and spaces).
assemble_postgres_url() {
  file_env GATEWAY_PG_PASSWORD
  if [[ -n "${GATEWAY_POSTGRES_URL:-}" ]]; then
    if [[ -n "${GATEWAY_PG_HOST:-}${GATEWAY_PG_PASSWORD:-}" ]]; then
      die 'GATEWAY_POSTGRES_URL is set together with GATEWAY_PG_HOST/GATEWAY_PG_PASSWORD: set the full URL or the parts, not both'
    fi
    export GATEWAY_POSTGRES_URL
    return
  fi
  [[ -n "${GATEWAY_PG_HOST:-}" ]] || die 'GATEWAY_PG_HOST is not set: set it to the database endpoint address, or set GATEWAY_POSTGRES_URL'
  [[ -n "${GATEWAY_PG_PASSWORD+set}" ]] || die 'GATEWAY_PG_PASSWORD is not set: map it from the database secret (field password), or set GATEWAY_PG_PASSWORD_FILE'
  local host="$GATEWAY_PG_HOST" port="${GATEWAY_PG_PORT:-5432}" sslmode="${GATEWAY_PG_SSLMODE:-verify-full}"
  if ! [[ "$port" =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
    die "GATEWAY_PG_PORT \"$port\" is not a port number: set it to the database port, usually 5432"
  fi
  case "$sslmode" in
    disable | allow | prefer | require | verify-ca | verify-full) ;;
    *) die "GATEWAY_PG_SSLMODE \"$sslmode\" is not a libpq sslmode: use verify-full for RDS" ;;
  esac
  if [[ "$host" == *:* ]]; then host="[$host]"; fi # an IPv6 address
  GATEWAY_POSTGRES_URL="postgres://$(pct_encode "${GATEWAY_PG_USER:-gateway}"):$(pct_encode "$GATEWAY_PG_PASSWORD")@$host:$port/$(pct_encode "${GATEWAY_PG_DATABASE:-gateway}")?sslmode=$sslmode"
  export GATEWAY_POSTGRES_URL
}

# The gateway's driver lets PGDATABASE override the URL's database (Bun regression), and the
# raw secret fields have no business in its environment once the URL holds them.
scrub_environment() {
  local name
  while IFS= read -r name; do
    if [[ "$name" == PG* || "$name" == GATEWAY_PG_* ]]; then unset "$name"; fi
  done < <(compgen -e)
}

# NODE_EXTRA_CA_CERTS takes one file: join the image's (the RDS bundle) with any extra CAs.
add_extra_ca_certificates() {
  local dir="${GATEWAY_EXTRA_CA_DIR:-/etc/claude/extra-ca}" bundle="$config_dir/extra-ca-bundle.pem" found=0 cert
  local -a certs=()
  if [[ -d "$dir" ]]; then
    for cert in "$dir"/*.pem "$dir"/*.crt; do [[ -f "$cert" ]] && certs+=("$cert"); done
  fi
  [[ ${#certs[@]} -gt 0 || -n "${GATEWAY_EXTRA_CA_PEM:-}" ]] || return 0
  {
    if [[ -n "${NODE_EXTRA_CA_CERTS:-}" ]]; then
      [[ -r "$NODE_EXTRA_CA_CERTS" ]] || die "NODE_EXTRA_CA_CERTS names $NODE_EXTRA_CA_CERTS, which cannot be read"
      cat "$NODE_EXTRA_CA_CERTS"
    fi
    for cert in "${certs[@]}"; do cat "$cert"; printf '\n'; done
    if [[ -n "${GATEWAY_EXTRA_CA_PEM:-}" ]]; then
      [[ "$GATEWAY_EXTRA_CA_PEM" == *'-----BEGIN CERTIFICATE-----'* ]] ||
        die 'GATEWAY_EXTRA_CA_PEM holds no PEM certificate: set it to one or more -----BEGIN CERTIFICATE----- blocks'
      printf '%s\n' "$GATEWAY_EXTRA_CA_PEM"
    fi
  } >"$bundle"
  found=$(grep -c -- '-----BEGIN CERTIFICATE-----' "$bundle" || true)
  ((found > 0)) || die "no certificate found in $dir or GATEWAY_EXTRA_CA_PEM: remove the stray files, or add PEM certificates"
  unset GATEWAY_EXTRA_CA_PEM
  export NODE_EXTRA_CA_CERTS="$bundle"
}

main() {
  umask 077
  local claude_bin="${CLAUDE_BIN:-/usr/local/bin/claude}"
  [[ -x "$claude_bin" ]] || die "the gateway binary $claude_bin is missing or not executable: set CLAUDE_BIN or rebuild the image"
  write_config
  assemble_postgres_url
  scrub_environment
  add_extra_ca_certificates
  unset CLAUDE_BIN GATEWAY_EXTRA_CA_DIR
  exec "$claude_bin" gateway --config "$config_path"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
