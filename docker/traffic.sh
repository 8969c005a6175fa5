#!/bin/sh
# Keeps the local stack busy so the app's pages are not empty: every few seconds, a greeting, a counter
# increment, a flaky call (retried, so Restate logs WARN lines with its invocation id), a terminal
# failure and a durable sleep. Calls that fail are expected (greeter/fail always does).
set -u
INGRESS="${RESTATE_INGRESS_URL:-http://restate:8080}"
INTERVAL="${TRAFFIC_INTERVAL_SECONDS:-5}"
names="Alice Bob Carol Dave Erin"
n=0
call() {
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$INGRESS/$1" -H 'content-type: application/json' -d "$2" || echo 000)
  echo "$(date -u +%H:%M:%S) POST /$1 -> $code"
}
while true; do
  n=$((n + 1))
  name=$(echo "$names" | cut -d' ' -f$(( (n % 5) + 1 )))
  call "greeter/greet" "\"$name\""
  call "counter/$name/add" "1"
  # send: the flaky and slow calls return at once, Restate keeps retrying / sleeping in the background
  call "greeter/flaky/send" '{"failures":2}'
  call "greeter/fail" '{}'
  call "greeter/slow/send" '{"seconds":20}'
  sleep "$INTERVAL"
done
