//! The one table `make bench` prints: figure, value, budget, peer /
//! comparison, pass or fail.

use serde_json::Value;

use crate::fanout::FanoutResult;
use crate::load::LoadResult;

pub struct Row {
    figure: String,
    value: String,
    budget: String,
    peer: String,
    /// `None`: informational (no budget of its own).
    pass: Option<bool>,
}

impl Row {
    fn new(figure: &str, value: String, budget: &str, peer: String, pass: Option<bool>) -> Row {
        Row {
            figure: figure.to_owned(),
            value,
            budget: budget.to_owned(),
            peer,
            pass,
        }
    }

    pub fn failed(figure: &str, error: &str) -> Row {
        Row::new(
            figure,
            format!("not measured: {error}"),
            "",
            String::new(),
            Some(false),
        )
    }
}

#[derive(Default)]
pub struct Table {
    rows: Vec<Row>,
}

fn kb(bytes: f64) -> String {
    format!("{:.1} KB", bytes / 1000.0)
}

fn n(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

impl Table {
    pub fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    pub fn bundle(&mut self, bundle: &Value) {
        let total = &bundle["total"];
        let gzip = n(&total["gzip"]);
        let files: Vec<String> = bundle["files"]
            .as_array()
            .map(|files| {
                files
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {}",
                            f["name"].as_str().unwrap_or("?"),
                            kb(n(&f["gzip"]))
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.push(Row::new(
            "customer bundle (wasm + JS + CSS, gzip -9)",
            format!(
                "{} gzip ({} raw, {} brotli)",
                kb(gzip),
                kb(n(&total["raw"])),
                kb(n(&total["brotli"]))
            ),
            "≤ 50 KB gzip",
            format!(
                "Sentry feedback 50 KB, Formbricks ~200 KB; files: {}",
                files.join(", ")
            ),
            Some(gzip <= 50_000.0),
        ));
        let loader = n(&bundle["loader"]["gzip"]);
        self.push(Row::new(
            "host-page cost: loader's first download",
            format!(
                "{} gzip ({} raw)",
                kb(loader),
                kb(n(&bundle["loader"]["raw"]))
            ),
            "≤ 3 KB gzip",
            "resq-feedback.js; the wasm is fetched when a widget connects".to_owned(),
            Some(loader <= 3000.0),
        ));
    }

    pub fn tti(&mut self, tti: &Value) {
        let widget = n(&tti["widget_median_ms"]);
        let plain = n(&tti["static_median_ms"]);
        let ratio = widget / plain;
        self.push(Row::new(
            "time to interactive (median of 20 cold loads)",
            format!("{widget:.0} ms = {ratio:.2}× static"),
            "≤ 1.5× static",
            format!("same markup as static HTML: {plain:.0} ms"),
            Some(ratio <= 1.5),
        ));
    }

    /// Submissions of one server configuration; `budgeted`: the budgets
    /// apply (the other configuration is the comparison).
    pub fn writes(
        &mut self,
        label: &str,
        healthz: &LoadResult,
        fsync_per_s: f64,
        submissions: &LoadResult,
        budgeted: bool,
    ) {
        let rate = submissions.per_second();
        let of_healthz = rate / healthz.per_second();
        let of_fsync = rate / fsync_per_s;
        let p99 = submissions.quantile_ms(0.99);
        let errors = if submissions.errors > 0 {
            format!(
                "; {} errors, first: {}",
                submissions.errors,
                submissions.first_error.as_deref().unwrap_or("?")
            )
        } else {
            String::new()
        };
        let exhausted = if submissions.exhausted {
            " (orders ran out)"
        } else {
            ""
        };
        let figure = format!("submissions, {label}: 64 conns, unique orders, synchronous=FULL");
        let value = format!(
            "{rate:.0} req/s{exhausted}, p50 {:.1} ms, p99 {p99:.1} ms{errors}",
            submissions.quantile_ms(0.5)
        );
        let peer = format!(
            "= {:.0}% of healthz ({:.0} req/s), {of_fsync:.1}× fsync/s ({fsync_per_s:.0}/s)",
            of_healthz * 100.0,
            healthz.per_second()
        );
        if budgeted {
            let pass =
                of_healthz >= 0.2 && of_fsync >= 10.0 && p99 <= 20.0 && submissions.errors == 0;
            self.push(Row::new(
                &figure,
                value,
                "≥ 20% healthz, ≥ 10× fsync/s, p99 ≤ 20 ms",
                peer,
                Some(pass),
            ));
        } else {
            self.push(Row::new(&figure, value, "(comparison)", peer, None));
        }
    }

    pub fn rating(&mut self, rating: &LoadResult, healthz: &LoadResult) {
        let ratio = rating.per_second() / healthz.per_second();
        self.push(Row::new(
            "public rating reads (badge endpoint)",
            format!(
                "{:.0} req/s, p99 {:.1} ms = {:.0}% of healthz",
                rating.per_second(),
                rating.quantile_ms(0.99),
                ratio * 100.0
            ),
            "≥ 50% of healthz",
            format!(
                "healthz {:.0} req/s (same server, same run)",
                healthz.per_second()
            ),
            Some(ratio >= 0.5 && rating.errors == 0),
        ));
    }

    pub fn fanout(&mut self, fan: &FanoutResult) {
        let p99 = fan.p99_from_send_ms();
        self.push(Row::new(
            "live fan-out: 1,000 SSE streams / 100 venues, 500 submissions/s",
            format!(
                "p99 {p99:.1} ms (p50 {:.1} ms) submit → event; {}/{} deliveries",
                fan.p50_from_send_ms(),
                fan.deliveries,
                fan.expected
            ),
            "p99 ≤ 50 ms commit → event",
            format!(
                "{} of {} streams connected, {:.0} submissions/s sent ({} ok); ack → event p99 {:.1} ms",
                fan.connected,
                fan.streams,
                fan.achieved_rate,
                fan.submitted_ok,
                fan.p99_from_ack_ms()
            ),
            Some(
                p99 <= 50.0
                    && fan.connected == fan.streams
                    && fan.deliveries >= fan.expected
                    && fan.submitted_ok == fan.submissions,
            ),
        ));
    }

    pub fn list(&mut self, list: &LoadResult) {
        let p99 = list.quantile_ms(0.99);
        self.push(Row::new(
            "partner list: first page, 10,000 ratings in the window",
            format!(
                "p99 {p99:.2} ms, p50 {:.2} ms ({} requests)",
                list.quantile_ms(0.5),
                list.ok
            ),
            "p99 ≤ 10 ms server-side",
            "measured at the client on loopback, one request at a time (an upper bound)".to_owned(),
            Some(p99 <= 10.0 && list.errors == 0),
        ));
    }

    pub fn memory(&mut self, after: Option<u64>, before: Option<u64>) {
        let mb = |b: Option<u64>| b.map_or("?".to_owned(), |b| format!("{:.1} MB", b as f64 / 1e6));
        self.push(Row::new(
            "server memory: peak RSS under the submission benchmark",
            mb(after),
            "≤ 100 MB",
            format!("VmHWM; one transaction per submission: {}", mb(before)),
            Some(after.is_some_and(|b| b <= 100_000_000)),
        ));
    }

    pub fn all_pass(&self) -> bool {
        self.rows.iter().all(|r| r.pass != Some(false))
    }

    /// A Markdown table (readable in a terminal, pasteable into BENCHMARKS.md).
    pub fn render(&self) -> String {
        let mut out = String::from(
            "| figure | value | budget | peer / comparison | result |\n|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            let result = match r.pass {
                Some(true) => "pass",
                Some(false) => "FAIL",
                None => "—",
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                r.figure, r.value, r.budget, r.peer, result
            ));
        }
        out
    }
}
