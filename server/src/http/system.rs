//! Health, the OpenAPI document, the demo directory, and the answers for
//! unknown routes (JSON 404, or the built front-end) and wrong methods.

use axum::Json;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use resq_core::ErrorCode;
use resq_core::api::ApiError;
use serde::Serialize;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use utoipa::ToSchema;

use super::error::{AppError, api_error, status_of};
use crate::AppState;
use crate::demo::DemoDirectory;
use crate::openapi;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the server and its database answer.
    pub status: String,
}

/// Liveness and database check.
#[utoipa::path(
    get, path = "/healthz", tag = "system",
    responses(
        (status = 200, description = "The server and its database answer.", body = Health),
        (status = 503, description = "`storage_unavailable`: the database does not answer.", body = ApiError),
    )
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state
        .store
        .ping()
        .await
        .map_err(|_| AppError::code(ErrorCode::StorageUnavailable))?;
    Ok(Json(Health {
        status: "ok".to_owned(),
    }))
}

/// This document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "system",
    responses((status = 200, description = "The OpenAPI document of this API.", content_type = "application/json", body = Object))
)]
pub async fn openapi_document() -> Response {
    let doc = openapi::document();
    match serde_json::to_string(&doc) {
        Ok(json) => ([("content-type", "application/json")], json).into_response(),
        Err(e) => AppError::internal(format!("OpenAPI JSON: {e}")).into_response(),
    }
}

/// Demo mode only: tokens for the demo roles and the demo orders by state.
#[utoipa::path(
    get, path = "/api/v1/demo", tag = "system",
    responses(
        (status = 200, description = "The demo directory (demo mode only).", body = DemoDirectory),
        (status = 404, description = "`not_found`: the server is not in demo mode.", body = ApiError),
    )
)]
pub async fn demo_directory(
    State(state): State<AppState>,
) -> Result<Json<DemoDirectory>, AppError> {
    match &state.demo {
        Some(directory) => Ok(Json(directory.as_ref().clone())),
        None => Err(AppError::not_found()),
    }
}

/// Unknown routes: the built front-end if one is served (for GET outside
/// `/api/`), else a JSON 404.
pub async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let is_read = matches!(*request.method(), Method::GET | Method::HEAD);
    let is_api = request.uri().path().starts_with("/api/");
    if let (Some(dir), true, false) = (&state.web.static_dir, is_read, is_api) {
        let index = ServeFile::new(dir.join("index.html"));
        let served = ServeDir::new(dir).fallback(index).oneshot(request).await;
        return match served {
            Ok(response) => response.map(Body::new),
            Err(e) => AppError::internal(format!("static file: {e}")).into_response(),
        };
    }
    AppError::not_found().into_response()
}

/// The built console at `/console/` (its `index.html` for unknown paths
/// below it), when one is served; `/console` redirects there.
pub fn console_routes(web: &crate::WebSettings) -> axum::Router<AppState> {
    let Some(dir) = &web.console_dir else {
        return axum::Router::new();
    };
    let index = ServeFile::new(dir.join("index.html"));
    axum::Router::new()
        .route(
            "/console",
            axum::routing::get(|| async { axum::response::Redirect::permanent("/console/") }),
        )
        .nest_service("/console/", ServeDir::new(dir).fallback(index))
}

/// A known route with a method it does not serve.
pub async fn method_not_allowed() -> Response {
    let code = ErrorCode::MethodNotAllowed;
    (status_of(code), Json(api_error(code))).into_response()
}
