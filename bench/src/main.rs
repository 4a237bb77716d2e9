//! `make bench`: every benchmark of issue 6 on this machine, one table.
//!
//! Ratios are measured within one run (the machine is shared and noisy):
//! submissions against `GET /healthz` of the same server and against a disk
//! fsync probe taken just before; the server runs twice, first committing
//! each submission on its own (`--feedback-batch 1`, the server before group
//! commit), then with group commit (the default), so the table shows both.
//!
//! Usage: resq-bench [--binary target/release/resq-server] [--dist dist]
//!                   [--workdir target] [--quick] [--no-browser]
//!                   [--only bundle|writes|tti]
//!
//! `--only` runs one part: `bundle` (bytes), `writes` (the HTTP loads) or
//! `tti` (time to interactive in Chromium, about a minute), e.g. to iterate
//! on one figure.

mod fanout;
mod load;
mod machine;
mod seed;
mod server;
mod table;
mod tokens;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use load::{LoadResult, Target};
use server::Server;
use table::{Row, Table};
use tokens::Tokens;

const CONNECTIONS: usize = 64;

struct Options {
    binary: PathBuf,
    dist: PathBuf,
    workdir: PathBuf,
    quick: bool,
    browser: bool,
    /// Run only this part (`bundle`, `writes`, `tti`).
    only: Option<String>,
}

impl Options {
    fn parse() -> Options {
        let mut o = Options {
            binary: PathBuf::from("target/release/resq-server"),
            dist: PathBuf::from("dist"),
            workdir: PathBuf::from("target"),
            quick: false,
            browser: true,
            only: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--binary" => o.binary = args.next().expect("--binary PATH").into(),
                "--dist" => o.dist = args.next().expect("--dist DIR").into(),
                "--workdir" => o.workdir = args.next().expect("--workdir DIR").into(),
                "--quick" => o.quick = true,
                "--no-browser" => o.browser = false,
                "--only" => {
                    let part = args.next().expect("--only bundle|writes|tti");
                    assert!(
                        ["bundle", "writes", "tti"].contains(&part.as_str()),
                        "--only {part}: expected bundle, writes or tti"
                    );
                    o.only = Some(part);
                }
                other => {
                    panic!("unknown argument {other} (see the doc comment of bench/src/main.rs)")
                }
            }
        }
        o
    }

    /// Whether `part` of the bench runs (all of them without `--only`).
    fn runs(&self, part: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == part)
    }

    fn secs(&self, full: u64) -> Duration {
        if self.quick {
            Duration::from_secs(full.div_ceil(4))
        } else {
            Duration::from_secs(full)
        }
    }
}

/// One server configuration's HTTP figures.
struct WriteRun {
    healthz: LoadResult,
    fsync_per_s: f64,
    submissions: LoadResult,
    peak_rss: Option<u64>,
    rating: LoadResult,
}

#[tokio::main]
async fn main() {
    let options = Options::parse();
    std::fs::create_dir_all(&options.workdir).expect("the work directory");
    let work = tempfile::Builder::new()
        .prefix("resq-bench-")
        .tempdir_in(&options.workdir)
        .expect("a temporary directory");
    let tokens = Tokens::new();
    let mut table = Table::default();
    let machine = machine::describe(work.path());
    for line in &machine {
        eprintln!("bench: {line}");
    }

    // Bundle bytes (node: gzip -9 and brotli as a CDN would serve them).
    if options.runs("bundle") {
        let bundle = node_json(&["bench/bundle.mjs", &options.dist.to_string_lossy()]);
        table.bundle(&bundle);
    }
    if options.runs("writes") {
        writes(&options, work.path(), &tokens, &mut table).await;
    }

    if options.browser && options.runs("tti") {
        eprintln!("bench: time to interactive, 20 cold loads each");
        match time_to_interactive(&options, work.path(), &tokens).await {
            Ok(tti) => table.tti(&tti),
            Err(e) => table.push(Row::failed("time to interactive", &e)),
        }
    }

    println!();
    for line in &machine {
        println!("{line}");
    }
    println!();
    print!("{}", table.render());
    if table.all_pass() {
        println!("\nevery budget met");
    } else {
        println!("\nsome budgets not met (see BENCHMARKS.md for why)");
    }
}

/// The HTTP figures: submissions before and after group commit, rating
/// reads, the partner list, live fan-out, peak RSS.
async fn writes(options: &Options, dir: &Path, tokens: &Tokens, table: &mut Table) {
    // The server before group commit (one transaction and fsync per
    // submission), then with it; the same load on both.
    eprintln!("bench: submissions, one transaction per submission (--feedback-batch 1)");
    let before = write_run(
        options,
        dir,
        "before",
        &["--feedback-batch", "1"],
        60_000,
        tokens,
        |_| async {},
    )
    .await;
    eprintln!("bench: submissions, group commit");
    let mut list: Option<LoadResult> = None;
    let mut fan: Option<fanout::FanoutResult> = None;
    let after = write_run(
        options,
        dir,
        "after",
        &[],
        300_000,
        tokens,
        |server: &Server| {
            let base = server.base.clone();
            let database = server.database.clone();
            let tokens = tokens.clone();
            let secs = options.secs(10);
            let (list, fan) = (&mut list, &mut fan);
            async move {
                // Partner list: the first page of a venue with 10,000 ratings
                // in the window, one request at a time.
                seed::rated_venue(&database)
                    .await
                    .expect("seeding the list venue");
                let url = format!("{base}/api/v1/venues/{}/feedback", seed::LIST_VENUE);
                let token = tokens.partner(seed::LIST_VENUE);
                *list = Some(
                    load::run(
                        Target::GetAs(url, token),
                        1,
                        Duration::from_millis(500),
                        Duration::from_secs(3),
                    )
                    .await,
                );
                // Live fan-out.
                eprintln!("bench: live fan-out, 1,000 streams, 500 submissions/s");
                let first = 1_000_000;
                let count = (500.0 * secs.as_secs_f64()) as usize;
                seed::open_orders(&database, first, first + count)
                    .await
                    .expect("seeding fan-out orders");
                *fan = Some(fanout::run(&base, &tokens, 1000, 500, secs, first).await);
            }
        },
    )
    .await;
    table.writes(
        "one transaction per submission (before)",
        &before.healthz,
        before.fsync_per_s,
        &before.submissions,
        false,
    );
    table.writes(
        "group commit",
        &after.healthz,
        after.fsync_per_s,
        &after.submissions,
        true,
    );
    table.rating(&after.rating, &after.healthz);
    if let Some(fan) = &fan {
        table.fanout(fan);
    }
    if let Some(list) = &list {
        table.list(list);
    }
    table.memory(after.peak_rss, before.peak_rss);
}

/// Starts a server with `extra` arguments on a fresh database with `orders`
/// open orders, measures healthz, submissions (with peak RSS), the public
/// rating, then runs `more` on it before stopping it.
async fn write_run<F, Fut>(
    options: &Options,
    dir: &Path,
    name: &str,
    extra: &[&str],
    orders: usize,
    tokens: &Tokens,
    more: F,
) -> WriteRun
where
    F: FnOnce(&Server) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let database = dir.join(format!("{name}.sqlite"));
    let server = Server::start(&options.binary, &database, extra).await;
    seed::open_orders(&database, 0, orders)
        .await
        .expect("seeding orders");
    let warmup = Duration::from_secs(1);

    let healthz = load::run(
        Target::Get(format!("{}/healthz", server.base)),
        CONNECTIONS,
        warmup,
        options.secs(5),
    )
    .await;
    let fsync_per_s = machine::fsync_per_second(dir, Duration::from_secs(2));
    server.reset_peak_rss();
    let submissions = load::run(
        Target::Submit {
            base: server.base.clone(),
            next: Arc::new(AtomicUsize::new(0)),
            limit: orders,
            tokens: tokens.clone(),
        },
        CONNECTIONS,
        warmup,
        options.secs(10),
    )
    .await;
    let peak_rss = server.peak_rss();
    let rating = load::run(
        Target::Get(format!(
            "{}/api/v1/venues/{}/rating",
            server.base,
            seed::venue(0)
        )),
        CONNECTIONS,
        warmup,
        options.secs(5),
    )
    .await;
    more(&server).await;
    server.stop();
    WriteRun {
        healthz,
        fsync_per_s,
        submissions,
        peak_rss,
        rating,
    }
}

/// The widget page against its static twin, served by a bench server from a
/// copy of dist/ (the pages are written there by bench/tti.mjs).
async fn time_to_interactive(
    options: &Options,
    dir: &Path,
    tokens: &Tokens,
) -> Result<serde_json::Value, String> {
    let site = dir.join("site");
    copy_dir(&options.dist, &site).map_err(|e| format!("copying dist: {e}"))?;
    let database = dir.join("tti.sqlite");
    let server = Server::start(
        &options.binary,
        &database,
        &["--static-dir", &site.to_string_lossy()],
    )
    .await;
    seed::open_orders(&database, 0, 1)
        .await
        .map_err(|e| e.to_string())?;
    let output = Command::new("node")
        .args([
            "bench/tti.mjs",
            &site.to_string_lossy(),
            &server.base,
            "o-0",
            &tokens.customer("c-0"),
            "20",
        ])
        .output();
    server.stop();
    let output = output.map_err(|e| format!("node: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr)
            .lines()
            .take(5)
            .collect::<Vec<_>>()
            .join(" "));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("tti.mjs output: {e}"))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Runs node with `args` and parses its stdout as JSON.
fn node_json(args: &[&str]) -> serde_json::Value {
    let output = Command::new("node").args(args).output().expect("node runs");
    assert!(
        output.status.success(),
        "node {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from node")
}
