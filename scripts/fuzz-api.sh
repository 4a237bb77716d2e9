#!/usr/bin/env bash
# Bounded API fuzzing with schemathesis (PyPI) against the OpenAPI document of
# a fresh demo server, once per role (none, customer, partner, staff, service),
# every phase, every check; the SSE streams are excluded (their bodies never end).
#
#   scripts/fuzz-api.sh                 # bounded (MAX_EXAMPLES=25 per operation)
#   MAX_EXAMPLES=500 scripts/fuzz-api.sh  # a long run (make soak)
#
# Installs schemathesis into .tools/schemathesis (a venv) if it is missing.
# Needs target/debug/resq-server (cargo build -p resq-server).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=.tools/schemathesis
st="$venv/bin/schemathesis"
if [[ ! -x $st ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'schemathesis>=4.32,<5'
fi
server=${RESQ_SERVER_BIN:-target/debug/resq-server}
[[ -x $server ]] || { echo "no server binary at $server: cargo build -p resq-server" >&2; exit 2; }

max_examples=${MAX_EXAMPLES:-25}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
RUST_LOG=${RUST_LOG:-warn} "$server" demo --listen "127.0.0.1:$port" --database "$work/fuzz.sqlite" \
  --rate-limit-per-second 100000 --rate-limit-burst 100000 >/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
demo=$(curl -fs "$base/api/v1/demo")
# The partner token is Helsinki's (the demo has one per venue).
token() {
  python3 -c 'import json,sys; t=json.load(sys.stdin)["tokens"]; r=sys.argv[1]
print(t["partners"]["venue-helsinki"] if r=="partner" else t[r])' "$1" <<<"$demo"
}

status=0
for role in none customer partner staff service; do
  auth=()
  [[ $role == none ]] || auth=(-H "Authorization: Bearer $(token "$role")")
  echo "== schemathesis as $role (max $max_examples examples per operation)"
  start=$SECONDS
  "$st" run "$base/api/v1/openapi.json" --url "$base" "${auth[@]}" \
    --checks all --phases examples,coverage,fuzzing,stateful \
    --max-examples "$max_examples" --seed 7 --request-timeout 10 \
    --exclude-path-regex '/events$' --no-color \
    --report junit --report-dir "$root/.tools/fuzz-report/$role" || status=1
  echo "== $role: $((SECONDS - start)) s"
done
exit $status
