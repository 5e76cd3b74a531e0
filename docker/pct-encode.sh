#!/usr/bin/env bash
# pct_encode: RFC 3986 percent-encoding of a string's bytes for a postgres URL's user info,
# byte for byte what encodeUserinfo in @cagw/dsn does (a property test checks they agree).
# Pure bash: the runtime image has no python, perl, jq or od. Sourced by entrypoint.sh.

# pct_encode TEXT  → prints the encoded text (no newline)
pct_encode() {
  # Work on bytes whatever the caller's locale: under a UTF-8 locale ${#text} would count
  # characters and printf "'é" would give the code point (%E9) instead of the bytes (%C3%A9).
  local LC_ALL=C
  local text="$1" encoded='' char i
  for ((i = 0; i < ${#text}; i++)); do
    char="${text:i:1}"
    case "$char" in
      [ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.~_-]) encoded+="$char" ;;
      *) printf -v char '%%%02X' "'$char"; encoded+="$char" ;;
    esac
  done
  printf '%s' "$encoded"
}
