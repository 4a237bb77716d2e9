//! Command line and environment (`RESQ_*`) configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::HeaderValue;
use clap::{Args, Parser, Subcommand};

/// The ResQ feedback server.
#[derive(Debug, Parser)]
#[command(name = "resq-server", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Run in demo mode (same as the `demo` subcommand).
    #[arg(long, global = true, env = "RESQ_DEMO")]
    pub demo: bool,
    #[command(flatten)]
    pub options: Options,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the API (the default).
    Serve,
    /// Serve a demo: a fresh database seeded with demo venues, orders in
    /// every feedback state and tokens (deletes the demo database file first),
    /// any CORS origin, and `GET /api/v1/demo`.
    Demo,
}

#[derive(Debug, Clone, Args)]
pub struct Options {
    /// Address to listen on.
    #[arg(
        long,
        env = "RESQ_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,
    /// SQLite database file, created if missing [default: resq-feedback.sqlite;
    /// demo: resq-demo.sqlite, deleted and recreated at every start].
    #[arg(long, env = "RESQ_DATABASE", global = true)]
    pub database: Option<PathBuf>,
    /// Secret that signs and verifies bearer tokens (HS256). Required outside demo mode.
    #[arg(long, env = "RESQ_JWT_SECRET", global = true, hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Origins allowed to call the API from a browser, comma separated
    /// (e.g. `https://app.resq-club.com`). Demo mode allows any origin.
    #[arg(long, env = "RESQ_CORS_ORIGINS", value_delimiter = ',', global = true)]
    pub cors_origins: Vec<String>,
    /// Directory of a built front-end to serve at `/` (index.html for unknown
    /// paths) [demo default: `dist` if it exists].
    #[arg(long, env = "RESQ_STATIC_DIR", global = true)]
    pub static_dir: Option<PathBuf>,
    /// R11: how many reviews each day's quality sample holds.
    #[arg(long, env = "RESQ_SAMPLE_SIZE", default_value_t = resq_core::sampling::DEFAULT_SAMPLE_SIZE, global = true)]
    pub sample_size: u32,
    /// Directory of the built console (partner Feedback page, service
    /// console) to serve at `/console/` [demo default: `console/dist` if it
    /// exists].
    #[arg(long, env = "RESQ_CONSOLE_DIR", global = true)]
    pub console_dir: Option<PathBuf>,
    /// Feedback closes at the end of this many days after the pickup day.
    #[arg(
        long,
        env = "RESQ_FEEDBACK_CLOSE_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub feedback_close_days: u32,
    /// Problem reports can be filed until the end of this many days after
    /// the pickup day (R9).
    #[arg(
        long,
        env = "RESQ_REPORT_CLOSE_DAYS",
        default_value_t = 14,
        global = true
    )]
    pub report_close_days: u32,
    /// Who may show the server's pages in a frame: the sources of the
    /// Content-Security-Policy `frame-ancestors` directive, space separated
    /// (`'none'`, `'self'`, `https://partner.example`).
    #[arg(long, env = "RESQ_FRAME_ANCESTORS", default_value = crate::http::edge::DEFAULT_FRAME_ANCESTORS, global = true)]
    pub frame_ancestors: String,
    /// Feedback submissions stored together in one transaction at most
    /// (group commit: one fsync per batch); 1 commits each on its own.
    #[arg(long, env = "RESQ_FEEDBACK_BATCH", default_value_t = crate::store::DEFAULT_FEEDBACK_BATCH as u32, value_parser = clap::value_parser!(u32).range(1..=4096), global = true)]
    pub feedback_batch: u32,
    /// Writes (POST) one bearer token may make per second on average
    /// (one client address: ten times as many) [default: 2; demo: 100].
    #[arg(long, env = "RESQ_RATE_LIMIT_PER_SECOND", value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub rate_limit_per_second: Option<u32>,
    /// Writes one token may make at once before the rate applies (one
    /// address: ten times as many) [default: 20; demo: 1000].
    #[arg(long, env = "RESQ_RATE_LIMIT_BURST", value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub rate_limit_burst: Option<u32>,
}

/// Which browser origins may call the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsOrigins {
    Any,
    List(Vec<HeaderValue>),
}

/// The resolved settings of one run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub demo: bool,
    pub listen: SocketAddr,
    pub database: PathBuf,
    pub jwt_secret: String,
    pub cors: CorsOrigins,
    pub static_dir: Option<PathBuf>,
    pub console_dir: Option<PathBuf>,
    pub sample_size: u32,
    pub feedback_close_days: u32,
    pub report_close_days: u32,
    pub frame_ancestors: String,
    pub rate_limits: crate::http::rate_limit::RateLimits,
    /// Feedback submissions per group-commit transaction at most.
    pub feedback_batch: usize,
}

/// Signs demo tokens when no secret is given. Demo data only.
pub const DEMO_JWT_SECRET: &str = "resq-demo-secret-do-not-use-in-production";

impl Settings {
    pub fn from_cli(cli: Cli) -> Result<Settings, String> {
        let demo = cli.demo || cli.command == Some(Command::Demo);
        let o = cli.options;
        let jwt_secret = match (o.jwt_secret, demo) {
            (Some(secret), _) if !secret.is_empty() => secret,
            (_, true) => DEMO_JWT_SECRET.to_owned(),
            (_, false) => {
                return Err(
                    "--jwt-secret (or RESQ_JWT_SECRET) is required outside demo mode".into(),
                );
            }
        };
        let cors = if demo {
            CorsOrigins::Any
        } else {
            let origins = o
                .cors_origins
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(|s| HeaderValue::from_str(s).map_err(|_| format!("invalid CORS origin {s:?}")))
                .collect::<Result<Vec<_>, _>>()?;
            CorsOrigins::List(origins)
        };
        let static_dir = o.static_dir.or_else(|| {
            let dist = PathBuf::from("dist");
            (demo && dist.is_dir()).then_some(dist)
        });
        let console_dir = o.console_dir.or_else(|| {
            let dist = PathBuf::from("console/dist");
            (demo && dist.is_dir()).then_some(dist)
        });
        let database = o.database.unwrap_or_else(|| {
            PathBuf::from(if demo {
                "resq-demo.sqlite"
            } else {
                "resq-feedback.sqlite"
            })
        });
        let frame_ancestors = crate::http::edge::frame_ancestors_sources(&o.frame_ancestors)?;
        let defaults = if demo {
            crate::http::rate_limit::RateLimits::DEMO
        } else {
            crate::http::rate_limit::RateLimits::DEFAULT
        };
        let rate_limits = crate::http::rate_limit::RateLimits {
            per_second: o.rate_limit_per_second.unwrap_or(defaults.per_second),
            burst: o.rate_limit_burst.unwrap_or(defaults.burst),
        };
        Ok(Settings {
            rate_limits,
            feedback_batch: o.feedback_batch as usize,
            frame_ancestors,
            demo,
            listen: o.listen,
            database,
            jwt_secret,
            cors,
            static_dir,
            console_dir,
            sample_size: o.sample_size,
            feedback_close_days: o.feedback_close_days,
            report_close_days: o.report_close_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(args: &[&str]) -> Result<Settings, String> {
        let cli = Cli::try_parse_from(std::iter::once("resq-server").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        Settings::from_cli(cli)
    }

    #[test]
    fn serving_needs_a_secret() {
        assert!(settings(&["serve"]).is_err());
        let s = settings(&["serve", "--jwt-secret", "s3cret"]).unwrap();
        assert!(!s.demo);
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.database, PathBuf::from("resq-feedback.sqlite"));
        assert_eq!(s.feedback_close_days, 30);
        assert_eq!(s.report_close_days, 14);
        assert_eq!(s.frame_ancestors, "'none'");
    }

    #[test]
    fn frame_ancestors_are_checked() {
        let s = settings(&["demo", "--frame-ancestors", "'self' https://app.example"]).unwrap();
        assert_eq!(s.frame_ancestors, "'self' https://app.example");
        assert!(settings(&["demo", "--frame-ancestors", "'self'; script-src *"]).is_err());
    }

    #[test]
    fn rate_limits_are_generous_in_demo_mode_and_configurable() {
        use crate::http::rate_limit::RateLimits;
        assert_eq!(settings(&["demo"]).unwrap().rate_limits, RateLimits::DEMO);
        let s = settings(&[
            "--jwt-secret",
            "x",
            "--rate-limit-per-second",
            "5",
            "--rate-limit-burst",
            "7",
        ])
        .unwrap();
        assert_eq!(
            s.rate_limits,
            RateLimits {
                per_second: 5,
                burst: 7
            }
        );
        assert_eq!(
            settings(&["--jwt-secret", "x"]).unwrap().rate_limits,
            RateLimits::DEFAULT
        );
        assert!(settings(&["demo", "--rate-limit-burst", "0"]).is_err());
    }

    #[test]
    fn demo_mode_has_its_own_database_and_any_origin() {
        for args in [&["demo"][..], &["--demo"][..]] {
            let s = settings(args).unwrap();
            assert!(s.demo);
            assert_eq!(s.database, PathBuf::from("resq-demo.sqlite"));
            assert_eq!(s.cors, CorsOrigins::Any);
        }
    }

    #[test]
    fn cors_origins_are_a_comma_list() {
        let s = settings(&[
            "--jwt-secret",
            "x",
            "--cors-origins",
            "https://a.example,https://b.example",
        ])
        .unwrap();
        assert_eq!(
            s.cors,
            CorsOrigins::List(vec![
                HeaderValue::from_static("https://a.example"),
                HeaderValue::from_static("https://b.example")
            ])
        );
    }
}
