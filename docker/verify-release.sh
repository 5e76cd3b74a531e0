#!/usr/bin/env bash
# verify-release.sh: download one `claude` release binary and keep it only if everything
# verifies: the signing key is the pinned one, manifest.json carries a good signature from it,
# the manifest is for the requested version, it lists the platform, and the binary's SHA-256
# matches that entry. Any failure prints one line naming the check and leaves nothing at --out.
# Runs in the image's verify stage and, for tests, against a local server.
#
# usage: verify-release.sh --base-url URL --version V --platform linux-x64|linux-arm64 \
#                          --key KEYFILE --fingerprint FPR --out PATH
# Release layout under URL: <V>/manifest.json, <V>/manifest.json.sig, <V>/<platform>/claude
set -Eeuo pipefail

fail() {
  printf 'verify-release: %s\n' "$*" >&2
  exit 1
}

usage_error() {
  printf 'verify-release: %s (usage: verify-release.sh --base-url URL --version V --platform linux-x64|linux-arm64 --key KEYFILE --fingerprint FPR --out PATH)\n' "$*" >&2
  exit 2
}

parse_args() {
  base_url='' version='' platform='' key_file='' fingerprint='' out=''
  while (($#)); do
    (($# >= 2)) || usage_error "$1 needs a value"
    case "$1" in
      --base-url) base_url="${2%/}" ;;
      --version) version="$2" ;;
      --platform) platform="$2" ;;
      --key) key_file="$2" ;;
      --fingerprint) fingerprint="$2" ;;
      --out) out="$2" ;;
      *) usage_error "unknown option $1" ;;
    esac
    shift 2
  done
  local name
  for name in base_url version platform key_file fingerprint out; do
    [[ -n "${!name}" ]] || usage_error "--${name//_/-} is required"
  done
  [[ "$platform" == linux-x64 || "$platform" == linux-arm64 ]] || usage_error "platform $platform is not linux-x64 or linux-arm64"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || usage_error "version $version is not a release version like 2.1.330"
  # Fingerprints are often written in groups of four; compare them without spaces, in capitals.
  fingerprint="${fingerprint// /}"
  fingerprint="${fingerprint^^}"
  [[ "$fingerprint" =~ ^[0-9A-F]{40}$ ]] || usage_error "--fingerprint is not a 40-hex-digit key fingerprint"
  # Plain http only for a release served on this machine (tests); anything else must be https.
  [[ "$base_url" == https://* || "$base_url" =~ ^http://(127\.0\.0\.1|localhost)(:[0-9]+)?(/|$) ]] ||
    usage_error "--base-url must be https:// (http:// only on 127.0.0.1)"
  [[ -r "$key_file" ]] || usage_error "key file $key_file cannot be read"
}

# Import the key file only if it holds exactly one primary key and that key is the pinned one.
import_pinned_key() {
  local listing primaries
  listing="$(gpg --batch --with-colons --import-options show-only --import "$key_file" 2>/dev/null)" ||
    fail "signing key: $key_file is not an OpenPGP key"
  # The fingerprint of a primary key is the first fpr record after its pub record.
  primaries="$(awk -F: '$1 == "pub" { want = 1; next } $1 == "fpr" && want { print $10; want = 0 }' <<<"$listing")"
  [[ "$(wc -l <<<"$primaries")" -eq 1 && -n "$primaries" ]] ||
    fail "signing key: $key_file must hold exactly one key, found $(grep -c . <<<"$primaries")"
  [[ "$primaries" == "$fingerprint" ]] ||
    fail "signing key: fingerprint $primaries is not the pinned $fingerprint"
  gpg --batch --quiet --import "$key_file" 2>/dev/null || fail "signing key: gpg could not import $key_file"
}

fetch() {
  local what="$1" url="$2" to="$3" error
  if ! error="$(curl --fail --silent --show-error --location --proto '=https,http' --proto-redir '=https' \
    --retry 2 --connect-timeout 20 --output "$to" "$url" 2>&1)"; then
    fail "download of $what failed: ${error//$'\n'/ } ($url)"
  fi
}

# gpg_said STATUS_FILE KEYWORD: whether gpg wrote that status keyword.
gpg_said() { grep -q "^\[GNUPG:\] $2\( \|\$\)" "$1"; }

# Reads gpg's machine status lines (GnuPG doc/DETAILS), not its exit code: gpg also prints
# VALIDSIG next to REVKEYSIG, EXPKEYSIG and EXPSIG, so a signature counts only as exactly one
# GOODSIG whose VALIDSIG names the pinned primary key, with none of the refusals beside it.
verify_manifest_signature() {
  local status="$work/gpg-status" signatures good valid signer
  gpg --batch --status-file "$status" --verify "$work/manifest.json.sig" "$work/manifest.json" 2>/dev/null || true
  if gpg_said "$status" BADSIG; then fail 'manifest signature: manifest.json does not match its signature (modified after signing)'; fi
  if gpg_said "$status" NO_PUBKEY; then fail 'manifest signature: manifest.json is signed by another key, not the pinned one'; fi
  if gpg_said "$status" REVKEYSIG; then fail 'manifest signature: the pinned key has been revoked: get the new release key and its fingerprint from Anthropic'; fi
  if gpg_said "$status" EXPKEYSIG; then fail 'manifest signature: the pinned key has expired: refresh the key file (--key) from Anthropic'; fi
  if gpg_said "$status" EXPSIG; then fail 'manifest signature: the signature on manifest.json has expired'; fi
  if gpg_said "$status" ERRSIG; then fail 'manifest signature: gpg could not check the signature (ERRSIG)'; fi
  signatures="$(grep -c '^\[GNUPG:\] NEWSIG\b' "$status" || true)"
  [[ "$signatures" -eq 1 ]] || fail "manifest signature: manifest.json.sig must hold exactly one signature, found $signatures"
  good="$(awk '$1 == "[GNUPG:]" && $2 == "GOODSIG" { print $3 }' "$status")"
  [[ -n "$good" && "$(wc -l <<<"$good")" -eq 1 ]] || fail 'manifest signature: gpg did not report a good signature'
  # VALIDSIG: field 3 is the signing (sub)key, the last field the primary key's fingerprint.
  valid="$(awk '$1 == "[GNUPG:]" && $2 == "VALIDSIG" { print $NF }' "$status")"
  signer="$(awk '$1 == "[GNUPG:]" && $2 == "VALIDSIG" { print $3 }' "$status")"
  [[ -n "$valid" && "$(wc -l <<<"$valid")" -eq 1 ]] || fail 'manifest signature: gpg did not report a valid signature'
  [[ "$valid" == "$fingerprint" ]] || fail "manifest signature: made by $valid, not the pinned $fingerprint"
  [[ "$signer" == *"$good" ]] || fail "manifest signature: the good signature ($good) is not the one made by $signer"
}

# The manifest is JSON and the verify stage has no JSON tool: it is read with bash patterns,
# which is safe because its signature has been checked first, so its shape is Anthropic's.
# {"version":"2.1.330", ..., "platforms":{"linux-x64":{"checksum":"<sha256>","size":N}, ...}}
read_manifest() {
  local manifest entry
  manifest="$(<"$work/manifest.json")"
  manifest="${manifest//$'\n'/ }"
  [[ "$manifest" =~ \"version\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] || fail 'manifest: it has no "version"'
  [[ "${BASH_REMATCH[1]}" == "$version" ]] || fail "manifest: it is for version ${BASH_REMATCH[1]}, not the requested $version"
  # The closing quote after the platform keeps linux-x64 from matching linux-x64-musl.
  [[ "$manifest" =~ \"$platform\"[[:space:]]*:[[:space:]]*[{]([^{}]*)[}] ]] || fail "manifest: it has no entry for platform $platform"
  entry="${BASH_REMATCH[1]}"
  [[ "$entry" =~ \"checksum\"[[:space:]]*:[[:space:]]*\"([0-9A-Fa-f]{64})\" ]] || fail "manifest: the $platform entry has no SHA-256 checksum"
  expected_sha256="${BASH_REMATCH[1],,}"
}

verify_binary_checksum() {
  local actual _
  read -r actual _ < <(sha256sum "$work/claude")
  [[ "$actual" == "$expected_sha256" ]] ||
    fail "binary checksum: $platform/claude has SHA-256 $actual, the signed manifest says $expected_sha256"
}

# Copy next to the destination, then rename: PATH holds either nothing or the verified binary.
install_binary() {
  local partial
  mkdir -p "$(dirname "$out")"
  partial="$(mktemp "$(dirname "$out")/.claude.partial.XXXXXX")"
  if ! { cp "$work/claude" "$partial" && chmod 0755 "$partial" && mv -f "$partial" "$out"; }; then
    rm -f "$partial"
    fail "install: could not write $out"
  fi
}

cleanup() {
  if [[ -n "${work:-}" ]]; then
    gpgconf --homedir "$work/gnupg" --kill all >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}

main() {
  parse_args "$@"
  rm -f -- "$out" # a binary left from an earlier run must not pass for this one
  work="$(mktemp -d)"
  trap cleanup EXIT
  # A throwaway keyring that holds only the pinned key.
  export GNUPGHOME="$work/gnupg"
  mkdir -m 0700 "$GNUPGHOME"

  import_pinned_key
  fetch 'manifest.json' "$base_url/$version/manifest.json" "$work/manifest.json"
  fetch 'manifest.json.sig' "$base_url/$version/manifest.json.sig" "$work/manifest.json.sig"
  verify_manifest_signature
  read_manifest
  fetch "$platform/claude" "$base_url/$version/$platform/claude" "$work/claude"
  verify_binary_checksum
  install_binary
  printf 'verify-release: claude %s %s verified (sha256 %s, key %s)\n' "$version" "$platform" "$expected_sha256" "$fingerprint"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
