#!/usr/bin/env bash
# healthcheck.sh: the image's HEALTHCHECK. GET /healthz on the gateway's port (GATEWAY_PORT,
# default 8080) through bash's /dev/tcp, because the runtime image carries no curl.
# Exit 0 on a 200 answer within 5 seconds, 1 otherwise.
set -Eeuo pipefail

port="${GATEWAY_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || exit 1
printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >&3
IFS= read -r -t 5 status_line <&3 || exit 1
[[ "$status_line" =~ ^HTTP/1\.[01]\ 200[\ $'\r'] ]] || exit 1
