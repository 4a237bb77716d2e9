//! The problem-report endpoints' JSON, read and written through the
//! engine's `JSON` and `Reflect` like the feedback's (see `api::wire`): the
//! shapes of `resq_core::api::CustomerProblemReport` and the request bodies,
//! without serde or chrono in the bundle. Values are checked with `core`'s
//! parsers; anything else is refused as a whole (`None`).

use js_sys::{Array, JSON, Object, Reflect};
use resq_core::ProblemKind;
use resq_core::report::{MessageAuthor, ReportStatus, Resolution};
use wasm_bindgen::{JsCast, JsValue};

/// Whether a new report can be filed (`ReportAvailability`), instants as ms
/// since the epoch.
#[derive(Clone, Debug, PartialEq)]
pub enum Availability {
    NotOpen,
    Open,
    ReportOpen,
    Closed { closed_at: f64 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub author: MessageAuthor,
    pub body: String,
    pub sent_at: f64,
}

/// A report's thread as the customer sees it (`ReportThread`).
#[derive(Clone, Debug, PartialEq)]
pub struct Thread {
    pub report_id: String,
    pub kind: ProblemKind,
    pub description: Option<String>,
    pub status: ReportStatus,
    pub messages: Vec<Message>,
    pub photos: usize,
    pub resolution: Option<Resolution>,
}

/// `GET/POST …/problem-report`: the order's report and availability.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportView {
    pub availability: Availability,
    pub report: Option<Thread>,
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn string(value: &JsValue, name: &str) -> Option<String> {
    field(value, name).as_string()
}

/// An optional string: absent or null is `Some(None)`, another type `None`.
fn optional(value: &JsValue, name: &str) -> Option<Option<String>> {
    let v = field(value, name);
    if v.is_undefined() || v.is_null() {
        Some(None)
    } else {
        v.as_string().map(Some)
    }
}

fn instant(value: &JsValue, name: &str) -> Option<f64> {
    let millis = js_sys::Date::parse(&string(value, name)?);
    (!millis.is_nan()).then_some(millis)
}

fn array(value: &JsValue, name: &str) -> Option<Array> {
    field(value, name).dyn_into::<Array>().ok()
}

pub fn kind(name: &str) -> Option<ProblemKind> {
    ProblemKind::ALL.into_iter().find(|k| k.as_str() == name)
}

fn resolution(value: &JsValue) -> Option<Resolution> {
    let cents = || {
        let n = field(value, "amount_cents").as_f64()?;
        (n >= 1.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0).then_some(n as u32)
    };
    let note = optional(value, "note")?;
    Some(match string(value, "kind")?.as_str() {
        "refund" => Resolution::Refund {
            amount_cents: cents()?,
            note,
        },
        "credits" => Resolution::Credits {
            amount_cents: cents()?,
            note,
        },
        "other" => Resolution::Other { note: note? },
        _ => return None,
    })
}

fn thread(value: &JsValue) -> Option<Thread> {
    let messages = array(value, "messages")?
        .iter()
        .map(|m| {
            Some(Message {
                author: MessageAuthor::parse(&string(&m, "author")?)?,
                body: string(&m, "body")?,
                sent_at: instant(&m, "sent_at")?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let res = field(value, "resolution");
    Some(Thread {
        report_id: string(value, "report_id")?,
        kind: kind(&string(value, "kind")?)?,
        description: optional(value, "description")?,
        status: ReportStatus::parse(&string(value, "status")?)?,
        messages,
        photos: array(value, "photos")?.length() as usize,
        resolution: if res.is_undefined() || res.is_null() {
            None
        } else {
            Some(resolution(&res)?)
        },
    })
}

/// A `CustomerProblemReport`.
pub fn report_view(value: &JsValue) -> Option<ReportView> {
    let a = field(value, "availability");
    let availability = match string(&a, "state")?.as_str() {
        "not_open" => Availability::NotOpen,
        "open" => Availability::Open,
        "report_open" => Availability::ReportOpen,
        "closed" => Availability::Closed {
            closed_at: instant(&a, "closed_at")?,
        },
        _ => return None,
    };
    let r = field(value, "report");
    let report = if r.is_undefined() || r.is_null() {
        None
    } else {
        Some(thread(&r)?)
    };
    Some(ReportView {
        availability,
        report,
    })
}

/// A `ReportPhoto` answer: only that it was stored matters here.
pub fn photo(value: &JsValue) -> Option<()> {
    string(value, "photo_id").map(|_| ())
}

/// The JSON text of a `CreateProblemReport`.
pub fn create_json(kind: ProblemKind, description: Option<&str>) -> Option<String> {
    let body = Object::new();
    Reflect::set(&body, &"kind".into(), &kind.as_str().into()).ok()?;
    if let Some(d) = description {
        Reflect::set(&body, &"description".into(), &d.into()).ok()?;
    }
    JSON::stringify(&body).ok()?.as_string()
}

/// The JSON text of a `PostReportMessage`.
pub fn message_json(message: &str) -> Option<String> {
    let body = Object::new();
    Reflect::set(&body, &"message".into(), &message.into()).ok()?;
    JSON::stringify(&body).ok()?.as_string()
}

/// The kind and description of a stored `CreateProblemReport` (an outbox entry).
pub fn parse_create(json: &str) -> Option<(ProblemKind, Option<String>)> {
    let value = JSON::parse(json).ok()?;
    Some((
        kind(&string(&value, "kind")?)?,
        optional(&value, "description")?,
    ))
}
