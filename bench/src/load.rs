//! A closed-loop HTTP load generator: `connections` clients, each on its
//! own keep-alive connection, sending the next request as soon as the last
//! one is answered, for a fixed time (like `wrk` / `oha -c N -z T`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::tokens::Tokens;

/// What each request is.
#[derive(Clone)]
pub enum Target {
    /// `GET url`, no token.
    Get(String),
    /// `GET url` with a bearer token.
    GetAs(String, String),
    /// Feedback for the next unused order `o-{i}` (customer `c-{i}`, its own
    /// token and idempotency key), `i` from `next` up to `limit`.
    Submit {
        base: String,
        next: Arc<AtomicUsize>,
        limit: usize,
        tokens: Tokens,
    },
}

/// How a run went.
#[derive(Debug, Clone)]
pub struct LoadResult {
    /// Answered with 2xx within the measured time.
    pub ok: u64,
    /// Anything else (with the first such answer, to tell what went wrong).
    pub errors: u64,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    /// Latencies of the measured successful requests, sorted, microseconds.
    pub latencies_us: Vec<u32>,
    /// The orders ran out before the time was up.
    pub exhausted: bool,
}

impl LoadResult {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    /// The `q` quantile (0–1) in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        quantile_ms(&self.latencies_us, q)
    }
}

/// The `q` quantile of sorted microsecond samples, in milliseconds.
pub fn quantile_ms(sorted_us: &[u32], q: f64) -> f64 {
    if sorted_us.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted_us.len() as f64 - 1.0) * q).round() as usize;
    f64::from(sorted_us[i.min(sorted_us.len() - 1)]) / 1000.0
}

/// Runs `target` on `connections` connections for `warmup` (not counted)
/// and then `duration`.
pub async fn run(
    target: Target,
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> LoadResult {
    let start = Instant::now();
    let measure_from = start + warmup;
    let until = measure_from + duration;
    let mut workers = Vec::with_capacity(connections);
    for _ in 0..connections {
        let target = target.clone();
        workers.push(tokio::spawn(async move {
            worker(target, measure_from, until).await
        }));
    }
    let mut total = LoadResult {
        ok: 0,
        errors: 0,
        first_error: None,
        elapsed: duration,
        latencies_us: Vec::new(),
        exhausted: false,
    };
    let mut last_end = measure_from;
    for w in workers {
        let Ok(part) = w.await else {
            total.errors += 1;
            continue;
        };
        total.ok += part.ok;
        total.errors += part.errors;
        total.first_error = total.first_error.or(part.first_error);
        total.latencies_us.extend(part.latencies_us);
        total.exhausted |= part.exhausted;
        last_end = last_end.max(part.ended);
    }
    if total.exhausted {
        total.elapsed = last_end.saturating_duration_since(measure_from);
    }
    total.latencies_us.sort_unstable();
    total
}

struct WorkerResult {
    ok: u64,
    errors: u64,
    first_error: Option<String>,
    latencies_us: Vec<u32>,
    exhausted: bool,
    ended: Instant,
}

async fn worker(target: Target, measure_from: Instant, until: Instant) -> WorkerResult {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client");
    let mut result = WorkerResult {
        ok: 0,
        errors: 0,
        first_error: None,
        latencies_us: Vec::with_capacity(1 << 14),
        exhausted: false,
        ended: Instant::now(),
    };
    loop {
        let now = Instant::now();
        if now >= until {
            break;
        }
        let request = match &target {
            Target::Get(url) => client.get(url),
            Target::GetAs(url, token) => client.get(url).bearer_auth(token),
            Target::Submit {
                base,
                next,
                limit,
                tokens,
            } => {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= *limit {
                    result.exhausted = true;
                    break;
                }
                client
                    .post(format!("{base}/api/v1/orders/o-{i}/feedback"))
                    .bearer_auth(tokens.customer(&format!("c-{i}")))
                    .header("idempotency-key", format!("bench-{i}"))
                    .header("content-type", "application/json")
                    .body(format!(
                        r#"{{"rating":"{}","comment":"bench {i}"}}"#,
                        ["good", "ok", "bad"][i % 3]
                    ))
            }
        };
        let sent = Instant::now();
        let answer = match request.send().await {
            Ok(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(_) if status.is_success() => Ok(()),
                    Ok(body) => Err(format!("{status}: {}", String::from_utf8_lossy(&body))),
                    Err(e) => Err(e.to_string()),
                }
            }
            Err(e) => Err(e.to_string()),
        };
        let done = Instant::now();
        result.ended = done;
        if sent < measure_from || done > until {
            continue;
        }
        match answer {
            Ok(()) => {
                result.ok += 1;
                let us = done.duration_since(sent).as_micros();
                result
                    .latencies_us
                    .push(u32::try_from(us).unwrap_or(u32::MAX));
            }
            Err(e) => {
                result.errors += 1;
                result.first_error.get_or_insert(e);
            }
        }
    }
    result
}
