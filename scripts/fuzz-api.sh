#!/usr/bin/env bash
# Bounded API fuzzing with schemathesis (PyPI) against the OpenAPI document of
# a fresh demo server, once per role (none, customer, partner, staff, service),
# every phase, every check; the SSE streams are excluded (their bodies never end).
#
#   scripts/fuzz-api.sh                 # bounded (MAX_EXAMPLES=25 per operation)
#   MAX_EXAMPLES=500 scripts/fuzz-api.sh  # a long run (make soak)
#   FUZZ_ROLES="staff service" scripts/fuzz-api.sh   # some roles only
#
# Installs schemathesis (pinned) into .tools/schemathesis (a venv) if it is
# missing. Hooks: scripts/schemathesis_hooks.py. Exits non-zero on any failure.
# Needs target/debug/resq-server (cargo build -p resq-server).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
SCHEMATHESIS_VERSION=4.32.5
venv=.tools/schemathesis
st="$venv/bin/schemathesis"
installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true)
if [[ $installed != "$SCHEMATHESIS_VERSION" ]]; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
# What JSON Schema cannot say (a photo's bytes, the pickup window across two
# fields) is taught to the generator there; see the file.
export PYTHONPATH="$root/scripts${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_hooks
server=${RESQ_SERVER_BIN:-${CARGO_TARGET_DIR:-target}/debug/resq-server}
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
summary=()
for role in ${FUZZ_ROLES:-none customer partner staff service}; do
  auth=()
  [[ $role == none ]] || auth=(-H "Authorization: Bearer $(token "$role")")
  echo "== schemathesis as $role (max $max_examples examples per operation)"
  start=$SECONDS
  log="$work/$role.log"
  rc=0
  "$st" run "$base/api/v1/openapi.json" --url "$base" "${auth[@]}" \
    --checks all --phases examples,coverage,fuzzing,stateful \
    --max-examples "$max_examples" --seed 7 --request-timeout 10 \
    --exclude-path-regex '/events$' --no-color \
    --report junit --report-dir "$root/.tools/fuzz-report/$role" 2>&1 | tee "$log" || rc=$?
  [[ $rc == 0 ]] || status=1
  operations=$(sed -n 's/^ *Tested: *//p' "$log" | tail -1)
  cases=$(grep -E '^ +[0-9]+ generated' "$log" | tail -1 | sed 's/^ *//')
  summary+=("$(printf '%-8s operations %-3s %s (exit %s, %s s)' "$role" "${operations:-?}" "${cases:-?}" "$rc" "$((SECONDS - start))")")
done
echo "== schemathesis summary (max $max_examples examples per operation)"
printf '   %s\n' "${summary[@]}"
exit $status
