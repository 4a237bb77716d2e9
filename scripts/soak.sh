#!/usr/bin/env bash
# make soak (issue 7): the long runs that do not fit in `make test`.
#
# 1. Mixed load for SOAK_SECONDS (default 600) at half the measured maximum
#    against the release server (demo mode, fresh database, rate limits out
#    of the way: this measures the server, not the limiter): no errors, RSS
#    growth under 10 %, no growing queue. See scripts/soak.py for the mix,
#    the figures and the guarantees.
# 2. The long schemathesis run: scripts/fuzz-api.sh with SOAK_FUZZ_EXAMPLES
#    (default 250) examples per operation, every role, against the release
#    server.
#
#   scripts/soak.sh                       # both (10 min + the long fuzz run)
#   SOAK_SECONDS=60 SOAK_FUZZ=0 scripts/soak.sh   # a short trial of the load only
#
# Installs aiohttp (pinned) into .tools/soak (a venv) if it is missing.
# Needs target/release/resq-server (cargo build --release -p resq-server).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

AIOHTTP_VERSION=3.12.15
venv=.tools/soak
installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("aiohttp"))' 2>/dev/null || true)
if [[ $installed != "$AIOHTTP_VERSION" ]]; then
  echo "== installing aiohttp $AIOHTTP_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "aiohttp==$AIOHTTP_VERSION"
fi
server=${RESQ_SERVER_BIN:-${CARGO_TARGET_DIR:-target}/release/resq-server}
[[ -x $server ]] || { echo "no server binary at $server: cargo build --release -p resq-server" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || true

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
RUST_LOG=${RUST_LOG:-warn} "$server" demo --listen "127.0.0.1:$port" --database "$work/soak.sqlite" \
  --rate-limit-per-second 1000000 --rate-limit-burst 1000000 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

status=0
echo "== soak: $server (pid $pid) on $base"
SOAK_BASE=$base SOAK_SERVER_PID=$pid SOAK_DATABASE="$work/soak.sqlite" \
  SOAK_SAMPLES="$root/.tools/soak-samples.json" "$venv/bin/python" scripts/soak.py || status=1
if ! kill -0 "$pid" 2>/dev/null; then
  echo "== the server died during the soak" >&2
  status=1
fi
if grep -qE ' (ERROR|WARN) ' "$work/server.log"; then
  echo "== the server logged warnings or errors:"
  grep -E ' (ERROR|WARN) ' "$work/server.log" | head -20
fi

if [[ ${SOAK_FUZZ:-1} != 0 ]]; then
  echo "== the long schemathesis run (${SOAK_FUZZ_EXAMPLES:-250} examples per operation)"
  MAX_EXAMPLES=${SOAK_FUZZ_EXAMPLES:-250} RESQ_SERVER_BIN=$server scripts/fuzz-api.sh || status=1
fi
exit $status
