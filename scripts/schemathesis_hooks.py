"""Schemathesis hooks for scripts/fuzz-api.sh: the two rules of the API that
JSON Schema cannot state, taught to the generator so that its "schema-valid
request rejected" check (positive_data_acceptance) holds the server to
everything else. Every check stays on.

1. A photo upload (`image/jpeg` body) must be a photo: the server sniffs the
   bytes (JPEG, PNG, WebP) and refuses anything else with 415. A schema can
   only say "binary", so the generator draws bytes that start with the JPEG
   signature (what `sniff_photo` recognises) followed by arbitrary bytes.
2. `POST /api/v1/orders`: the pickup window must end after it starts and
   last at most 24 hours, a rule across two fields. Positive cases (the ones
   the check says must be accepted) get an end that keeps the rule, derived
   from what was drawn; negative cases are left exactly as drawn.
3. `GET /api/v1/venues/{venue_id}/feedback?cursor=`: the cursor is opaque,
   valid only as the server writes it (`next_cursor`), which no schema can
   say. Positive cases get a well-formed cursor derived from the drawn one
   (so paging from an arbitrary position is exercised); negative cases keep
   theirs.
"""

import base64
import hashlib
from datetime import date, datetime, timedelta

import schemathesis
from hypothesis import strategies as st

JPEG_SIGNATURE = b"\xff\xd8\xff"
schemathesis.openapi.media_type(
    "image/jpeg", st.binary(min_size=1, max_size=4096).map(lambda rest: JPEG_SIGNATURE + rest)
)

PICKUP_WINDOW_MAX = timedelta(hours=24)
ONE_SECOND = timedelta(seconds=1)


def _instant(text):
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@schemathesis.hook
def map_case(context, case):
    operation = context.operation
    if operation is None or case.meta is None or not case.meta.generation.mode.is_positive:
        return case
    if operation.label == "POST /api/v1/orders":
        return _keep_pickup_window_rule(case)
    if operation.label == "GET /api/v1/venues/{venue_id}/feedback":
        return _well_formed_cursor(case)
    return case


def _well_formed_cursor(case):
    """`next_cursor` is base64url (no padding) of `r1|<rated on>|<seq>`."""
    query = case.query
    if not isinstance(query, dict) or not isinstance(query.get("cursor"), str):
        return case
    digest = int.from_bytes(hashlib.sha256(query["cursor"].encode()).digest()[:8], "big")
    rated_on = date(2026, 1, 1) + timedelta(days=digest % 400)
    text = f"r1|{rated_on.isoformat()}|{digest % 1_000_000}"
    query["cursor"] = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    return case


def _keep_pickup_window_rule(case):
    body = case.body
    window = body.get("pickup_window") if isinstance(body, dict) else None
    if not isinstance(window, dict):
        return case
    start, end = _instant(window.get("start")), _instant(window.get("end"))
    if start is None or end is None or start.tzinfo is None or end.tzinfo is None:
        return case
    length = min(max(end - start, ONE_SECOND), PICKUP_WINDOW_MAX)
    try:
        window["end"] = (start + length).isoformat()
    except OverflowError:  # the window would end after the year 9999
        window["end"] = end.isoformat()
        window["start"] = (end - length).isoformat()
    return case
