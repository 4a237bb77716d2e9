//! The API's JSON, read and written through the engine's `JSON` and
//! `Reflect`: the wire shapes of `resq_core::api` (`OrderView`'s feedback
//! state, `FeedbackReceipt`, `ApiError`, `SubmitFeedback`) without serde or
//! chrono's parser in the bundle. Values are checked with `core`'s parsers
//! (`Rating::parse`, `Aspect::parse`, `ErrorCode::parse`); anything else is
//! refused as a whole (`None`).

use js_sys::{Array, JSON, Object, Reflect};
use resq_core::api::{FeedbackReceipt, SubmitFeedback};
use resq_core::{Aspect, ErrorCode, Feedback, Rating};
use wasm_bindgen::{JsCast, JsValue};

/// The feedback state of an order (`FeedbackState`), instants as ms since
/// the epoch.
#[derive(Clone, Debug, PartialEq)]
pub enum OrderFeedback {
    NotOpen { opens_at: f64 },
    Open,
    Submitted(Feedback),
    Closed { closed_at: f64 },
}

/// What the widget needs of an `OrderView`.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderStatus {
    pub feedback: OrderFeedback,
    /// The venue's IANA time zone.
    pub time_zone: Option<String>,
}

/// An `ApiError` body: its code and the field it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerError {
    pub code: ErrorCode,
    pub field: Option<String>,
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn string(value: &JsValue, name: &str) -> Option<String> {
    field(value, name).as_string()
}

/// An RFC 3339 instant as ms since the epoch.
fn instant(value: &JsValue, name: &str) -> Option<f64> {
    let millis = js_sys::Date::parse(&string(value, name)?);
    (!millis.is_nan()).then_some(millis)
}

/// A `Feedback` (also the shape of a `SubmitFeedback`).
pub fn feedback(value: &JsValue) -> Option<Feedback> {
    let rating = Rating::parse(&string(value, "rating")?)?;
    let aspects = field(value, "aspects");
    let aspects = if aspects.is_undefined() || aspects.is_null() {
        Vec::new()
    } else {
        aspects
            .dyn_into::<Array>()
            .ok()?
            .iter()
            .map(|a| Aspect::parse(&a.as_string()?))
            .collect::<Option<Vec<_>>>()?
    };
    let comment = field(value, "comment");
    let comment = if comment.is_undefined() || comment.is_null() {
        None
    } else {
        Some(comment.as_string()?)
    };
    Some(Feedback {
        rating,
        aspects,
        comment,
    })
}

/// An `OrderView`.
pub fn order_status(value: &JsValue) -> Option<OrderStatus> {
    let state = field(value, "feedback");
    let feedback = match string(&state, "state")?.as_str() {
        "not_open" => OrderFeedback::NotOpen {
            opens_at: instant(&state, "opens_at")?,
        },
        "open" => OrderFeedback::Open,
        "submitted" => OrderFeedback::Submitted(feedback(&field(&state, "feedback"))?),
        "closed" => OrderFeedback::Closed {
            closed_at: instant(&state, "closed_at")?,
        },
        _ => return None,
    };
    Some(OrderStatus {
        feedback,
        time_zone: string(&field(value, "venue"), "time_zone"),
    })
}

/// A `FeedbackReceipt`.
pub fn receipt(value: &JsValue) -> Option<FeedbackReceipt> {
    Some(FeedbackReceipt {
        order_id: string(value, "order_id")?,
        feedback: feedback(&field(value, "feedback"))?,
    })
}

/// An `ApiError` with a code this widget knows.
pub fn server_error(value: &JsValue) -> Option<ServerError> {
    Some(ServerError {
        code: ErrorCode::parse(&string(value, "code")?)?,
        field: string(value, "field"),
    })
}

/// The JSON text of a `SubmitFeedback` (no `comment` key when there is none).
pub fn submission_json(submission: &SubmitFeedback) -> Option<String> {
    let body = Object::new();
    let aspects: Array = submission
        .aspects
        .iter()
        .map(|a| JsValue::from_str(a.as_str()))
        .collect();
    Reflect::set(&body, &"rating".into(), &submission.rating.as_str().into()).ok()?;
    Reflect::set(&body, &"aspects".into(), &aspects).ok()?;
    if let Some(comment) = &submission.comment {
        Reflect::set(&body, &"comment".into(), &comment.as_str().into()).ok()?;
    }
    JSON::stringify(&body).ok()?.as_string()
}

/// A `SubmitFeedback` from its JSON text (an outbox entry).
pub fn parse_submission(json: &str) -> Option<SubmitFeedback> {
    let Feedback {
        rating,
        aspects,
        comment,
    } = feedback(&JSON::parse(json).ok()?)?;
    Some(SubmitFeedback {
        rating,
        aspects,
        comment,
    })
}
