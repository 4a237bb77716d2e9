"""The soak of `make soak` (issue 7 item 9), driven by scripts/soak.sh.

Against a running server (demo mode, fresh database):

1. Measures the maximum rate of the mixed load: closed loop, CONCURRENCY
   workers, MAX_SECONDS. One *unit* of the mix is one order's life: the
   marketplace registers it, the customer gives feedback (with an
   Idempotency-Key), reads the order; the public rating and the partner's
   review list are read; every 5th unit the partner's summary and the staff
   counts are read; every 10th unit the customer files a problem report and
   staff read and resolve it. Every answer must be 2xx.
2. Runs the same mix open loop at RATIO (0.5) of that maximum for
   SOAK_SECONDS, with a venue stream and the staff stream (SSE) connected,
   sampling every SAMPLE_SECONDS: the server's RSS, the client's backlog
   (units due but not started; at most IN_FLIGHT_CAP units are in flight)
   and in-flight units, each stream's lag
   (events committed to the outbox `live_events` but not yet received), and
   the database's WAL size.
3. Prints the figures and exits 1 when a guarantee breaks: any error; RSS
   growth of 10 % or more from the warmed-up baseline (after WARMUP_SECONDS)
   to the end; a queue that grows (mean of the last quarter of the samples
   above twice the first quarter's plus a slack).
"""

import asyncio
import json
import os
import sqlite3
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

import aiohttp

BASE = os.environ["SOAK_BASE"]
PID = int(os.environ["SOAK_SERVER_PID"])
DATABASE = os.environ["SOAK_DATABASE"]
SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", 600))
MAX_SECONDS = float(os.environ.get("SOAK_MAX_SECONDS", 20))
CONCURRENCY = int(os.environ.get("SOAK_CONCURRENCY", 32))
RATIO = float(os.environ.get("SOAK_RATIO", 0.5))
SAMPLE_SECONDS = float(os.environ.get("SOAK_SAMPLE_SECONDS", 5))
WARMUP_SECONDS = float(os.environ.get("SOAK_WARMUP_SECONDS", min(60, SOAK_SECONDS / 5)))
RSS_GROWTH_LIMIT = 0.10
# Units in flight at most, as a fleet of clients with bounded connection
# pools: a stall shows as backlog (units due, not started), not as hundreds
# of parked requests inflating the server's heap.
IN_FLIGHT_CAP = int(os.environ.get("SOAK_IN_FLIGHT_CAP", 2 * CONCURRENCY))
VENUE = "venue-helsinki"
VENUE_TZ = "Europe/Helsinki"


class Stats:
    def __init__(self):
        self.requests = 0
        self.errors = 0
        self.units = 0
        self.by_route = {}
        self.first_errors = []
        # (monotonic time, route, seconds) of every answer in the soak phase.
        self.latencies = None

    def record(self, route, status, detail="", seconds=0.0):
        if self.latencies is not None:
            self.latencies.append((time.monotonic(), route, seconds))
        self.requests += 1
        self.by_route[route] = self.by_route.get(route, 0) + 1
        if not 200 <= status < 300:
            self.errors += 1
            if len(self.first_errors) < 10:
                self.first_errors.append(f"{route}: {status} {detail[:200]}")


class Mix:
    """One order's life and the reads around it."""

    def __init__(self, session, tokens, stats):
        self.session = session
        self.stats = stats
        self.auth = {
            role: {"Authorization": f"Bearer {token}"}
            for role, token in (
                ("customer", tokens["customer"]),
                ("partner", tokens["partners"][VENUE]),
                ("staff", tokens["staff"]),
                ("service", tokens["service"]),
            )
        }
        self.n = 0
        self.run = uuid.uuid4().hex[:8]

    async def call(self, route, method, path, role=None, body=None, headers=None):
        h = dict(self.auth[role]) if role else {}
        h.update(headers or {})
        sent = time.monotonic()
        try:
            async with self.session.request(method, BASE + path, json=body, headers=h) as r:
                text = await r.text()
                self.stats.record(route, r.status, text, time.monotonic() - sent)
                return r.status, text
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            self.stats.record(route, 0, repr(e), time.monotonic() - sent)
            return 0, ""

    async def unit(self):
        self.n += 1
        n = self.n
        order_id = f"soak-{self.run}-{n}"
        now = datetime.now(timezone.utc)
        start = now - timedelta(days=2)
        order = {
            "order_id": order_id,
            "venue": {"id": VENUE, "name": "Kahvila Aalto", "time_zone": VENUE_TZ},
            "customer_id": "demo-customer",
            "products": [{"name": "Lounaslaatikko", "quantity": 1 + n % 3}],
            "purchased_at": (start - timedelta(hours=1)).isoformat(),
            "pickup_window": {
                "start": start.isoformat(),
                "end": (start + timedelta(hours=2)).isoformat(),
            },
        }
        await self.call("register order", "POST", "/api/v1/orders", "service", order)
        feedback = {
            "rating": ("good", "ok", "bad")[n % 3],
            "aspects": [("taste", "price", "size")[n % 3]],
            "comment": f"Soak {n}: maukasta ja edullista." if n % 2 else None,
        }
        key = {"Idempotency-Key": f"soak-{self.run}-{n}"}
        await self.call(
            "submit feedback", "POST", f"/api/v1/orders/{order_id}/feedback", "customer", feedback, key
        )
        await self.call("read order", "GET", f"/api/v1/orders/{order_id}", "customer")
        await self.call("public rating", "GET", f"/api/v1/venues/{VENUE}/rating")
        await self.call("review list", "GET", f"/api/v1/venues/{VENUE}/feedback?limit=20", "partner")
        if n % 5 == 0:
            await self.call("venue summary", "GET", f"/api/v1/venues/{VENUE}/summary", "partner")
            await self.call("staff counts", "GET", "/api/v1/staff/report-counts", "staff")
        if n % 10 == 0:
            status, text = await self.call(
                "file report",
                "POST",
                f"/api/v1/orders/{order_id}/problem-report",
                "customer",
                {"kind": "wrong_product", "description": "Väärä laatikko."},
                {"Idempotency-Key": f"soak-report-{self.run}-{n}"},
            )
            if 200 <= status < 300:
                report_id = json.loads(text)["report"]["report_id"]
                await self.call("staff report", "GET", f"/api/v1/staff/reports/{report_id}", "staff")
                await self.call(
                    "resolve report",
                    "POST",
                    f"/api/v1/staff/reports/{report_id}/resolve",
                    "staff",
                    {"kind": "refund", "amount_cents": 450, "note": "Palautimme hinnan."},
                )
        self.stats.units += 1


class Stream:
    """A connected SSE stream: the newest event id received."""

    def __init__(self, name, path, headers):
        self.name, self.path, self.headers = name, path, headers
        self.last_id = None
        self.events = 0
        self.connected = asyncio.Event()
        self.failure = None

    async def follow(self, session):
        try:
            timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
            async with session.get(BASE + self.path, headers=self.headers, timeout=timeout) as r:
                if r.status != 200:
                    self.failure = f"status {r.status}"
                    self.connected.set()
                    return
                self.connected.set()
                async for line in r.content:
                    if line.startswith(b"id:"):
                        self.last_id = int(line[3:].strip())
                        self.events += 1
        except asyncio.CancelledError:
            raise
        except Exception as e:  # the stream must stay up for the whole soak
            self.failure = repr(e)
            self.connected.set()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def outbox_newest():
    """The newest committed event each stream should receive."""
    db = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True, timeout=5)
    try:
        venue = db.execute(
            "SELECT COALESCE(MAX(event_id), 0) FROM live_events WHERE venue_id = ? AND for_venue = 1",
            (VENUE,),
        ).fetchone()[0]
        staff = db.execute("SELECT COALESCE(MAX(event_id), 0) FROM live_events WHERE for_staff = 1").fetchone()[0]
        return {"venue": venue, "staff": staff}
    finally:
        db.close()


def lag(newest, received):
    """Events committed for a stream that it has not received (ids are not
    dense per audience, so this counts ids: an upper bound)."""
    return max(0, newest - (received or 0))


def wal_kib():
    try:
        return os.path.getsize(DATABASE + "-wal") // 1024
    except OSError:
        return 0


async def measure_max(mix):
    stop = time.monotonic() + MAX_SECONDS
    before = mix.stats.units

    async def worker():
        while time.monotonic() < stop:
            await mix.unit()

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return (mix.stats.units - before) / (time.monotonic() - started)


async def soak(mix, rate, streams):
    samples = []
    in_flight = set()
    started_units = 0
    begin = time.monotonic()
    next_sample = begin
    while True:
        now = time.monotonic()
        elapsed = now - begin
        if elapsed >= SOAK_SECONDS:
            break
        due = int(rate * elapsed)
        while started_units < due and len(in_flight) < IN_FLIGHT_CAP:
            task = asyncio.create_task(mix.unit())
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
            started_units += 1
        if now >= next_sample:
            newest = await asyncio.to_thread(outbox_newest)
            samples.append(
                {
                    "t": elapsed,
                    "rss_kib": rss_kib(PID),
                    "backlog": max(0, due - started_units),
                    "in_flight": len(in_flight),
                    "wal_kib": wal_kib(),
                    **{f"lag_{s.name}": lag(newest[s.name], s.last_id) for s in streams},
                }
            )
            next_sample += SAMPLE_SECONDS
        await asyncio.sleep(0.005)
    if in_flight:
        await asyncio.wait(in_flight, timeout=60)
    await asyncio.sleep(1)  # the last events reach the streams
    newest = await asyncio.to_thread(outbox_newest)
    end = {
        "t": time.monotonic() - begin,
        "rss_kib": rss_kib(PID),
        "backlog": 0,
        "in_flight": len(in_flight),
        "wal_kib": wal_kib(),
        **{f"lag_{s.name}": lag(newest[s.name], s.last_id) for s in streams},
    }
    return samples, end, started_units


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0


def latency_by_quarter(latencies, begin, end):
    """Per route: p50 and p99 in ms of the first and the last quarter of the
    soak, so a read that gets slower as the data grows shows by name."""
    quarter = (end - begin) / 4
    rows = {}
    for at, route, seconds in latencies:
        part = 0 if at < begin + quarter else 1 if at >= end - quarter else None
        if part is not None:
            rows.setdefault(route, ([], []))[part].append(seconds * 1000)
    return {
        route: [(percentile(q, 0.5), percentile(q, 0.99), len(q)) for q in parts]
        for route, parts in sorted(rows.items())
    }


def growing(series, slack):
    """A queue grows when the mean of its last quarter is above twice the
    mean of its first quarter plus `slack`."""
    if len(series) < 8:
        return False, 0.0, 0.0
    q = len(series) // 4
    first = sum(series[:q]) / q
    last = sum(series[-q:]) / q
    return last > 2 * first + slack, first, last


async def main():
    failures = []
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        async with session.get(BASE + "/api/v1/demo") as r:
            tokens = (await r.json())["tokens"]
        stats = Stats()
        mix = Mix(session, tokens, stats)
        rss_start = rss_kib(PID)

        streams = [
            Stream("venue", f"/api/v1/venues/{VENUE}/events", mix.auth["partner"]),
            Stream("staff", "/api/v1/staff/events", mix.auth["staff"]),
        ]
        followers = [asyncio.create_task(s.follow(session)) for s in streams]
        for s in streams:
            await asyncio.wait_for(s.connected.wait(), 10)

        print(f"== measuring the maximum: {CONCURRENCY} workers, closed loop, {MAX_SECONDS:.0f} s", flush=True)
        max_rate = await measure_max(mix)
        rate = RATIO * max_rate
        per_unit = stats.requests / max(stats.units, 1)
        print(
            f"   max {max_rate:.1f} units/s ({max_rate * per_unit:.0f} requests/s, "
            f"{per_unit:.1f} requests per unit); soak at {RATIO:.0%}: {rate:.1f} units/s",
            flush=True,
        )
        if stats.errors:
            failures.append(f"{stats.errors} errors while measuring the maximum")
        requests_before, errors_before = stats.requests, stats.errors

        print(f"== soak: {SOAK_SECONDS:.0f} s at {rate:.1f} units/s, sample every {SAMPLE_SECONDS:.0f} s", flush=True)
        stats.latencies = []
        soak_begin = time.monotonic()
        samples, end, started = await soak(mix, rate, streams)
        latency = latency_by_quarter(stats.latencies, soak_begin, soak_begin + SOAK_SECONDS)
        for s in streams:
            if s.failure:
                failures.append(f"the {s.name} stream broke: {s.failure}")
        for f in followers:
            f.cancel()

    soak_requests = stats.requests - requests_before
    soak_errors = stats.errors - errors_before
    warm = [x for x in samples if x["t"] >= WARMUP_SECONDS] or samples
    rss_base = warm[0]["rss_kib"]
    rss_peak = max(x["rss_kib"] for x in samples + [end])
    growth = (end["rss_kib"] - rss_base) / rss_base
    print("== figures")
    print(f"   units started {started}, completed {stats.units}; soak requests {soak_requests}, errors {soak_errors}")
    print(f"   requests in all (with the maximum run) {stats.requests}, errors {stats.errors}")
    for route, count in sorted(stats.by_route.items()):
        print(f"     {route:16} {count}")
    print("   latency at the client, ms (p50 / p99; first quarter -> last quarter of the soak):")
    for route, ((p50a, p99a, _), (p50b, p99b, _)) in latency.items():
        print(f"     {route:16} {p50a:7.1f} / {p99a:7.1f}  ->  {p50b:7.1f} / {p99b:7.1f}")
    print(
        f"   RSS: start {rss_start} KiB, after warm-up ({WARMUP_SECONDS:.0f} s) {rss_base} KiB, "
        f"peak {rss_peak} KiB, end {end['rss_kib']} KiB; growth {growth:+.1%} (limit {RSS_GROWTH_LIMIT:.0%})"
    )
    slack = {"backlog": max(5, rate), "in_flight": 8, "lag_venue": max(20, rate), "lag_staff": max(20, rate), "wal_kib": 4096}
    for name in slack:
        series = [x[name] for x in warm]
        grows, first, last = growing(series, slack[name])
        print(
            f"   queue {name:9}: first quarter mean {first:.1f}, last quarter mean {last:.1f}, "
            f"max {max(series) if series else 0}, end {end[name]}{'  GROWING' if grows else ''}"
        )
        if grows:
            failures.append(f"queue {name} grows: {first:.1f} -> {last:.1f}")
    for s in streams:
        print(f"   stream {s.name}: {s.events} events received, last id {s.last_id}")
    if soak_errors or stats.errors:
        failures.append(f"{stats.errors} errors")
        for e in stats.first_errors:
            print(f"   error: {e}")
    if growth >= RSS_GROWTH_LIMIT:
        failures.append(f"RSS grew {growth:.1%}")
    if end["lag_venue"] > slack["lag_venue"] or end["lag_staff"] > slack["lag_staff"]:
        failures.append("a stream did not catch up after the load stopped")
    if started < 0.95 * rate * SOAK_SECONDS:
        failures.append(f"the client fell behind: {started} units started of {rate * SOAK_SECONDS:.0f}")
    with open(os.environ.get("SOAK_SAMPLES", "/dev/null"), "w") as f:
        json.dump(
            {"max_units_per_s": max_rate, "rate": rate, "samples": samples, "end": end, "latency_ms": latency}, f
        )
    if failures:
        print("== soak FAILED: " + "; ".join(failures))
        return 1
    print("== soak passed: no errors, RSS growth under 10 %, no growing queue")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
