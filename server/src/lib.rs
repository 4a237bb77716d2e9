//! The ResQ feedback server: the HTTP API over embedded SQLite.
//!
//! [`app`] builds the router from an [`AppState`]; tests bind it on a local
//! port with a fixed [`Clock`]. [`run`] is what the binary does.

pub mod auth;
pub mod clock;
pub mod config;
pub mod demo;
pub mod http;
pub mod live;
pub mod openapi;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Method, header};
use resq_core::rules::{FeedbackPolicy, ReportPolicy};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};

use crate::auth::TokenKeys;
use crate::clock::Clock;
use crate::config::{CorsOrigins, Settings};
use crate::demo::DemoDirectory;
use crate::store::Store;

/// Everything a request handler may use.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub keys: TokenKeys,
    pub policy: FeedbackPolicy,
    /// R11: how many reviews a day's quality sample holds.
    pub sample_size: u32,
    /// How long problem reports can be filed (R9).
    pub report_policy: ReportPolicy,
    /// Present only in demo mode (serves `GET /api/v1/demo`).
    pub demo: Option<Arc<DemoDirectory>>,
    pub web: Arc<WebSettings>,
    /// Fans committed live events out to connected streams (see [`live`]).
    pub live: Arc<live::LiveHub>,
    /// Who may frame the server's pages (CSP `frame-ancestors` sources).
    pub frame_ancestors: String,
    /// Limits on writes per token and per address; `None`: unlimited.
    pub rate_limits: Option<http::rate_limit::RateLimits>,
}

/// How the server faces browsers.
#[derive(Debug, Clone)]
pub struct WebSettings {
    pub cors: CorsOrigins,
    pub static_dir: Option<PathBuf>,
    /// The built console, served at `/console/`.
    pub console_dir: Option<PathBuf>,
}

impl AppState {
    /// A state with the default feedback policy, no CORS origins, no static
    /// files and no demo directory.
    pub fn new(store: Store, clock: Clock, jwt_secret: &[u8]) -> AppState {
        AppState {
            store,
            clock,
            keys: TokenKeys::new(jwt_secret),
            policy: FeedbackPolicy::default(),
            sample_size: resq_core::sampling::DEFAULT_SAMPLE_SIZE,
            report_policy: ReportPolicy::default(),
            demo: None,
            web: Arc::new(WebSettings {
                cors: CorsOrigins::List(Vec::new()),
                static_dir: None,
                console_dir: None,
            }),
            live: Arc::new(live::LiveHub::new()),
            frame_ancestors: http::edge::DEFAULT_FRAME_ANCESTORS.to_owned(),
            rate_limits: None,
        }
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let security = Arc::new(security_headers(&state));
    let router = http::routes()
        .into_router()
        .fallback(http::system::fallback)
        .method_not_allowed_fallback(http::system::method_not_allowed)
        .merge(http::system::console_routes(&state.web))
        .layer(DefaultBodyLimit::max(http::json::BODY_LIMIT))
        .layer(axum::middleware::from_fn(http::edge::json_refusals));
    let router = match state.rate_limits {
        Some(limits) => http::rate_limit::limit_writes(router, limits),
        None => router,
    };
    let router = match cors_layer(&state.web.cors) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(axum::middleware::from_fn_with_state(
            security,
            http::edge::security_headers,
        ))
        .layer(axum::middleware::from_fn(http::edge::limit_headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

/// The pages' policy allows the inline scripts of the served `index.html`
/// files by hash (Trunk's start-up script of the console), read once here.
fn security_headers(state: &AppState) -> http::edge::SecurityHeaders {
    let scripts: Vec<String> = [&state.web.static_dir, &state.web.console_dir]
        .into_iter()
        .flatten()
        .filter_map(|dir| std::fs::read_to_string(dir.join("index.html")).ok())
        .flat_map(|html| http::edge::inline_scripts(&html))
        .collect();
    http::edge::SecurityHeaders::new(&state.frame_ancestors, &scripts)
}

/// The widget runs embedded on other origins: allow them to send the token,
/// JSON and the idempotency key.
fn cors_layer(origins: &CorsOrigins) -> Option<CorsLayer> {
    let allow_origin = match origins {
        CorsOrigins::Any => AllowOrigin::any(),
        CorsOrigins::List(list) if list.is_empty() => return None,
        CorsOrigins::List(list) => AllowOrigin::list(list.iter().cloned()),
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow_origin)
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static(http::feedback::IDEMPOTENCY_KEY),
                HeaderName::from_static("last-event-id"),
            ])
            .expose_headers([HeaderName::from_static(http::feedback::IDEMPOTENT_REPLAYED)])
            .max_age(Duration::from_secs(3600)),
    )
}

/// Runs the server until SIGINT or SIGTERM.
pub async fn run(settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    if settings.demo {
        demo::remove_database(&settings.database)?;
    }
    let store =
        Store::open_with_feedback_batch(&settings.database, settings.feedback_batch).await?;
    let mut state = AppState::new(store.clone(), Clock::System, settings.jwt_secret.as_bytes());
    state.policy = FeedbackPolicy {
        close_after_days: settings.feedback_close_days,
    };
    state.report_policy = ReportPolicy {
        close_after_days: settings.report_close_days,
    };
    state.sample_size = settings.sample_size;
    state.frame_ancestors = settings.frame_ancestors.clone();
    state.rate_limits = Some(settings.rate_limits);
    state.web = Arc::new(WebSettings {
        cors: settings.cors.clone(),
        static_dir: settings.static_dir.clone(),
        console_dir: settings.console_dir.clone(),
    });
    if settings.demo {
        let directory = demo::seed(&state.store, &state.keys, state.clock.now(), &state.policy)
            .await
            .map_err(|e| format!("seeding the demo failed: {e:?}"))?;
        state.demo = Some(Arc::new(directory));
    }

    tokio::spawn(live::prune_forever(
        state.store.clone(),
        state.clock.clone(),
    ));
    let listener = tokio::net::TcpListener::bind(settings.listen).await?;
    let address = listener.local_addr()?;
    tracing::info!(%address, database = %settings.database.display(), demo = settings.demo, "listening");
    if let Some(directory) = &state.demo {
        println!("{}", demo::summary(directory, address));
    }
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
