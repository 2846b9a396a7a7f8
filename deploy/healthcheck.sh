#!/usr/bin/env bash
# Container health check of the worker image: GET <path> on the worker's metrics port (default
# 9464, or UPGRADECTL_METRICS_PORT) must answer 200. Needs bash only (no curl in the JRE image).
#   healthcheck.sh /health/ready      (the image's HEALTHCHECK)
#   healthcheck.sh /health/live
set -u
path="${1:-/health/ready}"
port="${UPGRADECTL_METRICS_PORT:-9464}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&-
case "$status" in
  HTTP/1.?\ 200*) exit 0 ;;
  *) echo "worker health $path: ${status:-no answer}" >&2; exit 1 ;;
esac
