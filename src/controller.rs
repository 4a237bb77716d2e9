//! The widget's behaviour: loading the order, the form's steps, sending with
//! an idempotency key, the outbox, and the events for the host page. The
//! components only render `Ctx`'s signals and call its methods.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use resq_core::api::{FeedbackReceipt, OrderView, SubmitFeedback};
use resq_core::{ErrorCode, FeedbackState, Rating};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

use crate::api::{self, Client, Failure};
use crate::i18n::{Key, Lang, fill, follow_up_key};
use crate::offline::{self, Pending};
use crate::state::{Draft, FieldErrors, Phase, Sending, Step};

/// What a widget instance is mounted for.
#[derive(Clone, Debug, Default)]
pub struct WidgetConfig {
    pub order_id: String,
    pub client: Client,
    /// Where the `resq-feedback:*` events are dispatched (the host element).
    pub events: Option<EventTarget>,
}

/// Where focus goes after the next render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Rating,
    Details,
    /// The heading of the thank-you or state view that replaced the form.
    Result,
}

struct Local {
    config: WidgetConfig,
    owner: Owner,
    /// The submission in flight or waiting; kept in memory too, for browsers
    /// that refuse `localStorage`.
    pending: Option<Pending>,
    /// The idempotency key of the open form, made when it opened.
    idempotency_key: Option<String>,
    /// The venue's IANA time zone, for dates (R1 counts days there).
    time_zone: Option<String>,
}

/// The state of one widget instance; `Copy`, so handlers can take it.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub lang: Signal<Lang>,
    pub phase: RwSignal<Phase>,
    pub step: RwSignal<Step>,
    pub draft: RwSignal<Draft>,
    pub sending: RwSignal<Sending>,
    pub errors: RwSignal<FieldErrors>,
    /// The text of the one `aria-live` region.
    pub announcement: RwSignal<String>,
    pub focus: StoredValue<Option<Focus>>,
    /// Whether `resq-feedback:interactive` was marked for this instance.
    pub marked_interactive: StoredValue<bool>,
    local: StoredValue<Local, LocalStorage>,
}

impl Ctx {
    pub fn new(config: WidgetConfig, lang: Signal<Lang>) -> Ctx {
        Ctx {
            lang,
            phase: RwSignal::new(Phase::Loading),
            step: RwSignal::new(Step::Rating),
            draft: RwSignal::new(Draft::default()),
            sending: RwSignal::new(Sending::Idle),
            errors: RwSignal::new(FieldErrors::default()),
            announcement: RwSignal::new(String::new()),
            focus: StoredValue::new(None),
            marked_interactive: StoredValue::new(false),
            local: StoredValue::new_local(Local {
                config,
                owner: Owner::current().unwrap_or_else(Owner::new),
                pending: None,
                idempotency_key: None,
                time_zone: None,
            }),
        }
    }

    /// Whether the form is frozen: a submission is on its way or waiting,
    /// and its idempotency key must keep meaning the same body.
    pub fn locked(&self) -> bool {
        self.sending.get() != Sending::Idle
    }

    fn locked_untracked(&self) -> bool {
        self.sending.get_untracked() != Sending::Idle
    }

    pub fn text(&self, key: Key) -> &'static str {
        self.lang.get_untracked().text(key)
    }

    pub fn time_zone(&self) -> Option<String> {
        self.local.with_value(|l| l.time_zone.clone())
    }

    fn order_id(&self) -> String {
        self.local.with_value(|l| l.config.order_id.clone())
    }

    fn announce(&self, text: String) {
        self.announcement.set(text);
    }

    /// Runs `task` until it finishes or the widget is unmounted.
    fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        let owner = self.local.with_value(|l| l.owner.clone());
        owner.with(|| spawn_local_scoped_with_cancellation(task));
    }

    /// On mount and on retry: send a waiting submission, else show the order.
    pub fn start(&self) {
        let order_id = self.order_id();
        match offline::load(&order_id).and_then(|p| Some((resumed_draft(&p)?, p))) {
            Some((draft, pending)) => {
                self.draft.set(draft);
                self.local.update_value(|l| {
                    l.idempotency_key = Some(pending.idempotency_key.clone());
                });
                self.step.set(Step::Details);
                self.phase.set(Phase::Open);
                self.send(pending);
            }
            None => {
                offline::clear(&order_id);
                self.load();
            }
        }
    }

    /// Fetches the order and shows its feedback state.
    pub fn load(&self) {
        let ctx = *self;
        let (client, order_id) = self
            .local
            .with_value(|l| (l.config.client.clone(), l.config.order_id.clone()));
        self.phase.set(Phase::Loading);
        self.spawn(async move {
            let result = client.order(&order_id).await;
            ctx.show_order(result);
        });
    }

    fn show_order(&self, result: Result<OrderView, Failure>) {
        let order = match result {
            Ok(order) => order,
            Err(failure) => {
                let phase = match &failure {
                    Failure::Network => Phase::Unreachable(Key::Unreachable),
                    Failure::Http { status, .. } if *status == 429 || *status >= 500 => {
                        Phase::Unreachable(Key::ErrUnavailable)
                    }
                    Failure::Http { .. } => Phase::Error(
                        failure
                            .code()
                            .map_or(Key::ErrGeneric, crate::i18n::error_key),
                    ),
                    Failure::Decode => Phase::Error(Key::ErrGeneric),
                };
                let message = match &phase {
                    Phase::Unreachable(key) | Phase::Error(key) => self.text(*key),
                    _ => "",
                };
                self.announce(String::from(message));
                self.emit_error(failure.code_str(), message);
                self.phase.set(phase);
                return;
            }
        };
        self.local
            .update_value(|l| l.time_zone = Some(order.venue.time_zone.clone()));
        let phase = match order.feedback {
            FeedbackState::NotOpen { opens_at } => Phase::NotOpen {
                opens_at: opens_at.timestamp_millis() as f64,
            },
            FeedbackState::Open { .. } => {
                self.open_form();
                Phase::Open
            }
            FeedbackState::Submitted { feedback } => Phase::Submitted(feedback),
            FeedbackState::Closed { closed_at } => Phase::Closed {
                closed_at: closed_at.timestamp_millis() as f64,
            },
        };
        self.phase.set(phase);
    }

    /// The form opens: its idempotency key is made now, once.
    fn open_form(&self) {
        self.local.update_value(|l| {
            l.idempotency_key
                .get_or_insert_with(offline::new_idempotency_key);
        });
        self.sending.set(Sending::Idle);
        self.step.set(Step::Rating);
    }

    /// Step 1: a rating is chosen; `confirm` (click, Enter, Space) opens step 2.
    pub fn choose(&self, rating: Rating, confirm: bool) {
        if self.locked_untracked() {
            return;
        }
        self.draft.update(|d| d.choose(rating));
        if confirm {
            self.focus.set_value(Some(Focus::Details));
            self.step.set(Step::Details);
            let lang = self.lang.get_untracked();
            self.announce(fill(
                lang.text(Key::StepDetails),
                "question",
                lang.text(follow_up_key(rating)),
            ));
        }
    }

    /// Back from step 2 to change the rating.
    pub fn change_rating(&self) {
        if self.locked_untracked() {
            return;
        }
        self.focus.set_value(Some(Focus::Rating));
        self.step.set(Step::Rating);
        let lang = self.lang.get_untracked();
        self.announce(fill(
            lang.text(Key::StepRating),
            "question",
            lang.text(Key::RatingQuestion),
        ));
    }

    pub fn toggle(&self, aspect: resq_core::Aspect) {
        if self.locked_untracked() {
            return;
        }
        self.draft.update(|d| d.toggle(aspect));
        self.errors.update(|e| e.aspects = None);
    }

    /// R4: the comment as typed; over the limit it is refused at once.
    pub fn set_comment(&self, comment: String) {
        if self.locked_untracked() {
            return;
        }
        self.draft.update(|d| d.comment = comment);
        let too_long = self.draft.with_untracked(Draft::comment_too_long);
        self.errors.update(|e| {
            e.comment = too_long.then_some(Key::ErrCommentTooLong);
        });
    }

    /// Send: validated by `core`, kept in the outbox, sent once.
    pub fn submit(&self) {
        if self.locked_untracked() {
            return; // a double click, or a submission already waiting
        }
        let Some(checked) = self.draft.with_untracked(Draft::submission) else {
            return;
        };
        let submission = match checked {
            Ok(submission) => submission,
            Err(error) => {
                self.errors.update(|e| e.set(Some(error.field), error.code));
                self.announce_error();
                return;
            }
        };
        let Some(body) = api::to_json(&submission) else {
            return;
        };
        let idempotency_key = self.local.with_value(|l| l.idempotency_key.clone());
        let pending = Pending {
            idempotency_key: idempotency_key.unwrap_or_else(offline::new_idempotency_key),
            body,
        };
        offline::save(&self.order_id(), &pending);
        self.send(pending);
    }

    fn send(&self, pending: Pending) {
        let ctx = *self;
        let (client, order_id) = self
            .local
            .with_value(|l| (l.config.client.clone(), l.config.order_id.clone()));
        self.local.update_value(|l| {
            l.idempotency_key = Some(pending.idempotency_key.clone());
            l.pending = Some(pending.clone());
        });
        self.errors.set(FieldErrors::default());
        self.sending.set(Sending::InFlight);
        self.announce(String::from(self.text(Key::Sending)));
        self.spawn(async move {
            let result = client
                .submit(&order_id, &pending.idempotency_key, &pending.body)
                .await;
            ctx.answered(pending, result);
        });
    }

    /// The browser is back online: send what waits, once.
    pub fn online(&self) {
        if self.sending.try_get_untracked() != Some(Sending::SavedOffline) {
            return;
        }
        if let Some(pending) = self.local.with_value(|l| l.pending.clone()) {
            self.send(pending);
        }
    }

    fn answered(&self, pending: Pending, result: Result<FeedbackReceipt, Failure>) {
        let order_id = self.order_id();
        let failure = match result {
            Ok(receipt) => return self.thanks(receipt),
            Err(failure) => failure,
        };
        match &failure {
            Failure::Network => {
                self.sending.set(Sending::SavedOffline);
                self.announce(String::from(self.text(Key::SavedOffline)));
                return;
            }
            Failure::Http {
                status: 429,
                retry_after,
                ..
            } => return self.retry_later(pending, retry_after.unwrap_or(5).max(1)),
            _ => {}
        }
        self.sending.set(Sending::Idle);
        match failure.code() {
            // Kept: nothing was stored, the customer may send it again.
            Some(ErrorCode::StorageUnavailable | ErrorCode::Internal) => {}
            // The order moved on (already given, closed, not open yet):
            // show its state as the server has it now.
            Some(
                ErrorCode::FeedbackAlreadySubmitted
                | ErrorCode::FeedbackClosed
                | ErrorCode::FeedbackNotOpen,
            )
            | None => {
                offline::clear(&order_id);
                self.local.update_value(|l| l.pending = None);
                self.focus.set_value(Some(Focus::Result));
                self.load();
            }
            // Refused: it changed nothing, so the next try is a new request.
            Some(_) => {
                offline::clear(&order_id);
                self.local.update_value(|l| {
                    l.pending = None;
                    l.idempotency_key = Some(offline::new_idempotency_key());
                });
            }
        }
        if let (Failure::Http { error, .. }, Some(code)) = (&failure, failure.code()) {
            let field = error.as_ref().and_then(|e| e.field.as_deref());
            self.errors.update(|e| e.set(field, code));
            if self.step.get_untracked() == Step::Rating && field.is_some() {
                self.step.set(Step::Details);
            }
        }
        let message = self.announce_error();
        self.emit_error(failure.code_str(), &message);
    }

    fn retry_later(&self, pending: Pending, seconds: u32) {
        self.sending.set(Sending::RetryIn(seconds));
        let lang = self.lang.get_untracked();
        self.announce(fill(
            lang.text(Key::RetryIn),
            "seconds",
            &seconds.to_string(),
        ));
        let ctx = *self;
        let timer = set_timeout_with_handle(
            move || {
                if ctx.sending.try_get_untracked() == Some(Sending::RetryIn(seconds)) {
                    ctx.send(pending);
                }
            },
            Duration::from_secs(seconds.into()),
        );
        if let Ok(timer) = timer {
            self.local
                .with_value(|l| l.owner.with(|| on_cleanup(move || timer.clear())));
        }
    }

    fn thanks(&self, receipt: FeedbackReceipt) {
        offline::clear(&self.order_id());
        self.local.update_value(|l| {
            l.pending = None;
            l.idempotency_key = None;
        });
        self.sending.set(Sending::Idle);
        let rating = receipt.feedback.rating;
        let lang = self.lang.get_untracked();
        let mut message = String::from(lang.text(Key::ThanksTitle));
        message.push(' ');
        message.push_str(lang.text(Key::ThanksText));
        self.announce(message);
        self.focus.set_value(Some(Focus::Result));
        self.phase.set(Phase::Thanks(receipt.feedback));
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"orderId".into(), &receipt.order_id.into());
        let _ = js_sys::Reflect::set(&detail, &"rating".into(), &rating.as_str().into());
        self.emit("resq-feedback:submitted", &detail);
    }

    /// Announces the first error and returns its text.
    fn announce_error(&self) -> String {
        let errors = self.errors.get_untracked();
        let text = errors
            .first()
            .map(|key| error_text(self.lang.get_untracked(), key))
            .unwrap_or_default();
        self.announce(text.clone());
        text
    }

    fn emit_error(&self, code: &str, message: &str) {
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"code".into(), &code.into());
        let _ = js_sys::Reflect::set(&detail, &"message".into(), &message.into());
        self.emit("resq-feedback:error", &detail);
    }

    fn emit(&self, name: &str, detail: &JsValue) {
        let Some(target) = self.local.with_value(|l| l.config.events.clone()) else {
            return;
        };
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = target.dispatch_event(&event);
        }
    }
}

/// The text of an error message, its `{max}` filled in.
pub fn error_text(lang: Lang, key: Key) -> String {
    let max = resq_core::validation::COMMENT_MAX_CHARS.to_string();
    fill(lang.text(key), "max", &max)
}

/// The form a stored submission had, if the entry is readable.
fn resumed_draft(pending: &Pending) -> Option<Draft> {
    let value = js_sys::JSON::parse(&pending.body).ok()?;
    let submission: SubmitFeedback = api::from_js(value).ok()?;
    Some(Draft::from_submission(submission))
}
