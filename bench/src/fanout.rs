//! Live fan-out: partner SSE streams spread over the venues, submissions at
//! a fixed rate, and how long each review takes to reach every stream of its
//! venue.
//!
//! The event carries no commit time, so each delivery is timed from the
//! submission's send (an upper bound of commit → event: it includes the
//! request and the group commit's fsync) and, for comparison, from its
//! acknowledgement (which the server sends after publishing, so this one is
//! often negative and is clamped at 0).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::load::quantile_ms;
use crate::seed;
use crate::tokens::Tokens;

pub struct FanoutResult {
    pub streams: usize,
    pub connected: usize,
    pub submissions: usize,
    pub submitted_ok: usize,
    pub deliveries: usize,
    pub expected: usize,
    /// Sorted microseconds: submission sent → event read by a stream.
    pub from_send_us: Vec<u32>,
    /// Sorted microseconds: submission acknowledged → event read (≥ 0).
    pub from_ack_us: Vec<u32>,
    pub achieved_rate: f64,
}

impl FanoutResult {
    pub fn p99_from_send_ms(&self) -> f64 {
        quantile_ms(&self.from_send_us, 0.99)
    }
    pub fn p50_from_send_ms(&self) -> f64 {
        quantile_ms(&self.from_send_us, 0.5)
    }
    pub fn p99_from_ack_ms(&self) -> f64 {
        quantile_ms(&self.from_ack_us, 0.99)
    }
}

/// `streams` streams over [`seed::VENUES`] venues; `rate` submissions per
/// second for `duration`, on orders `o-{first}` onwards.
pub async fn run(
    base: &str,
    tokens: &Tokens,
    streams: usize,
    rate: u32,
    duration: Duration,
    first: usize,
) -> FanoutResult {
    let submissions = (f64::from(rate) * duration.as_secs_f64()) as usize;
    let epoch = Instant::now();
    let sent: Arc<Vec<AtomicU64>> = Arc::new((0..submissions).map(|_| AtomicU64::new(0)).collect());
    let acked: Arc<Vec<AtomicU64>> =
        Arc::new((0..submissions).map(|_| AtomicU64::new(0)).collect());
    let connected = Arc::new(AtomicUsize::new(0));

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(streams + 256)
        .build()
        .expect("an HTTP client");
    let log = Arc::new(Mutex::new(Vec::with_capacity(
        submissions * streams / seed::VENUES,
    )));
    let mut readers = Vec::with_capacity(streams);
    for s in 0..streams {
        let venue = seed::venue(s);
        let request = client
            .get(format!("{base}/api/v1/venues/{venue}/events"))
            .bearer_auth(tokens.partner(&venue));
        let (connected, log) = (connected.clone(), log.clone());
        readers.push(tokio::spawn(read_stream(
            request, connected, epoch, first, log,
        )));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while connected.load(Ordering::SeqCst) < streams && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let connected_streams = connected.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(200)).await;

    // Submissions at a fixed rate, each on its own task (an open loop: a
    // slow answer does not slow the arrivals).
    let period = Duration::from_secs_f64(1.0 / f64::from(rate));
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let ok = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut senders = Vec::with_capacity(submissions);
    for k in 0..submissions {
        tick.tick().await;
        let (client, base, tokens) = (client.clone(), base.to_owned(), tokens.clone());
        let (sent, acked, ok) = (sent.clone(), acked.clone(), ok.clone());
        senders.push(tokio::spawn(async move {
            let i = first + k;
            let request = client
                .post(format!("{base}/api/v1/orders/o-{i}/feedback"))
                .bearer_auth(tokens.customer(&format!("c-{i}")))
                .header("idempotency-key", format!("fan-{i}"))
                .header("content-type", "application/json")
                .body(format!(r#"{{"rating":"good","comment":"fan {i}"}}"#));
            sent[k].store(nanos(epoch), Ordering::SeqCst);
            if let Ok(r) = request.send().await
                && r.status().is_success()
            {
                acked[k].store(nanos(epoch), Ordering::SeqCst);
                ok.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    for s in senders {
        let _ = s.await;
    }
    let achieved_rate = submissions as f64 / started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;

    let mut from_send = Vec::new();
    let mut from_ack = Vec::new();
    for reader in &readers {
        reader.abort();
    }
    let arrivals = log.lock().map(|l| l.clone()).unwrap_or_default();
    {
        for (k, at) in arrivals {
            let Some(sent_at) = sent.get(k).map(|t| t.load(Ordering::SeqCst)) else {
                continue;
            };
            from_send.push(micros(at.saturating_sub(sent_at)));
            let acked_at = acked[k].load(Ordering::SeqCst);
            if acked_at > 0 {
                from_ack.push(micros(at.saturating_sub(acked_at)));
            }
        }
    }
    from_send.sort_unstable();
    from_ack.sort_unstable();
    let submitted_ok = ok.load(Ordering::SeqCst);
    FanoutResult {
        streams,
        connected: connected_streams,
        submissions,
        submitted_ok,
        deliveries: from_send.len(),
        expected: submitted_ok * streams / seed::VENUES,
        from_send_us: from_send,
        from_ack_us: from_ack,
        achieved_rate,
    }
}

fn nanos(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

fn micros(ns: u64) -> u32 {
    u32::try_from(ns / 1000).unwrap_or(u32::MAX)
}

/// Reads one stream until aborted, logging (submission index, arrival ns)
/// of every `review_submitted` event whose comment is `fan {i}`.
async fn read_stream(
    request: reqwest::RequestBuilder,
    connected: Arc<AtomicUsize>,
    epoch: Instant,
    first: usize,
    log: Arc<Mutex<Vec<(usize, u64)>>>,
) {
    let Ok(mut response) = request.send().await else {
        return;
    };
    if !response.status().is_success() {
        return;
    }
    connected.fetch_add(1, Ordering::SeqCst);
    let mut buffer = String::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let at = nanos(epoch);
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            for line in event.lines() {
                let Some(data) = line.strip_prefix("data:") else {
                    continue;
                };
                let Ok(review) = serde_json::from_str::<serde_json::Value>(data.trim()) else {
                    continue;
                };
                let index = review["comment"]
                    .as_str()
                    .and_then(|c| c.strip_prefix("fan "))
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|i| i.checked_sub(first));
                if let Some(k) = index
                    && let Ok(mut log) = log.lock()
                {
                    log.push((k, at));
                }
            }
        }
    }
}
