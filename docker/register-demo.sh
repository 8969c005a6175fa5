#!/bin/sh
# One-shot: register the demo service with Restate, retrying until the admin API accepts it
# (partitions come up a moment after /health turns green). `force` is always sent explicitly.
set -u
ADMIN="${RESTATE_ADMIN_URL:-http://restate:9070}"
URI="${DEMO_SERVICE_URI:-http://demo-service:9080}"
body=$(mktemp)
trap 'rm -f "$body"' EXIT
i=0
while [ "$i" -lt 120 ]; do
  code=$(curl -sS -o "$body" -w '%{http_code}' -X POST "$ADMIN/deployments" \
    -H 'content-type: application/json' -d "{\"uri\":\"$URI\",\"force\":true}" || echo 000)
  case "$code" in
    200|201)
      echo "registered $URI with $ADMIN (HTTP $code)"
      cat "$body"; echo
      exit 0
      ;;
  esac
  echo "register $URI: HTTP $code, retrying"
  i=$((i + 1))
  sleep 1
done
echo "could not register $URI with $ADMIN" >&2
exit 1
