//! The widget's behaviour: loading the order, the form's steps, sending with
//! an idempotency key, the outbox, and the events for the host page. The
//! components only render `Ctx`'s signals and call its methods.

use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use resq_core::Rating;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

use crate::api::wire::{self, OrderFeedback, OrderStatus};
use crate::api::{Client, Failure};
use crate::i18n::{Key, Lang, fill, follow_up_key};
use crate::offline::{self, Pending};
use crate::state::{Draft, FieldErrors, Phase, Sending, Step};

mod send;

/// What a widget instance is mounted for.
#[derive(Clone, Debug, Default)]
pub struct WidgetConfig {
    pub order_id: String,
    pub client: Client,
    /// Where the `resq-feedback:*` events are dispatched (the host element).
    pub events: Option<EventTarget>,
}

/// Dispatches the event `name` with `detail` on the host element: it bubbles
/// and crosses the shadow boundary. The feedback's and the problem report's
/// events go out this way.
pub(crate) fn dispatch(target: &EventTarget, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// Runs `task` in `owner`'s scope until it finishes or the owner is disposed
/// (the widget or the problem report unmounted). Not generic: the task comes
/// boxed, so Leptos' task runner is compiled once, not once per task.
pub(crate) fn spawn_owned(owner: &Owner, task: Pin<Box<dyn Future<Output = ()>>>) {
    owner.with(|| spawn_local_scoped_with_cancellation(task));
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
                owner: Owner::current().unwrap_or_default(),
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
        spawn_owned(&owner, Box::pin(task));
    }

    /// On mount and on retry: send a waiting submission, else show the order.
    pub fn start(&self) {
        let order_id = self.order_id();
        match offline::FEEDBACK.resume(&order_id, wire::parse_submission) {
            Some((submission, pending)) => {
                self.draft.set(Draft::from_submission(submission));
                self.local.update_value(|l| {
                    l.idempotency_key = Some(pending.idempotency_key.clone());
                });
                self.step.set(Step::Details);
                self.phase.set(Phase::Open);
                self.send(pending);
            }
            None => self.load(),
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

    fn show_order(&self, result: Result<OrderStatus, Failure>) {
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
        self.local.update_value(|l| l.time_zone = order.time_zone);
        let phase = match order.feedback {
            OrderFeedback::NotOpen { opens_at } => Phase::NotOpen { opens_at },
            OrderFeedback::Open => {
                self.open_form();
                Phase::Open
            }
            OrderFeedback::Submitted(feedback) => Phase::Submitted(feedback),
            OrderFeedback::Closed { closed_at } => Phase::Closed { closed_at },
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
}

/// The text of an error message, its `{max}` filled in.
pub fn error_text(lang: Lang, key: Key) -> String {
    let max = resq_core::validation::COMMENT_MAX_CHARS.to_string();
    fill(lang.text(key), "max", &max)
}

/// `error_text` following `lang`, for a view: one closure type for every
/// error line, so their views are compiled once.
pub fn error_tr(
    lang: Signal<Lang>,
    key: Key,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || error_text(lang.get(), key)
}
