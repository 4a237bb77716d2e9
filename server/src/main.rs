//! `resq-server serve` / `resq-server demo`: see `--help`.

use std::process::ExitCode;

use clap::Parser;
use resq_server::config::{Cli, Settings};
use tracing_subscriber::EnvFilter;

/// mimalloc returns freed pages to the system shortly after, so the RSS
/// follows what the server holds. With glibc's allocator it kept what a
/// burst of requests once took (the soak's RSS rose 16 % in 3 minutes).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let settings = match Settings::from_cli(Cli::parse()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("resq-server: {e}");
            return ExitCode::from(2);
        }
    };
    match resq_server::run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "resq-server failed");
            ExitCode::FAILURE
        }
    }
}
