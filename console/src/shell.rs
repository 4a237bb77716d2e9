//! The console's frame: sign-in, language, and the area the token's role
//! may use — the partner's Feedback page or the customer-service console.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use resq_core::api::VenueRef;
use serde::Deserialize;

use crate::api::{self, Client};
use crate::i18n::Lang;
use crate::session::{Role, Session, TokenProblem};
use crate::{contacts, partner, service, storage, texts};

texts! {
    /// Texts of the frame and the sign-in.
    pub enum ShellText {
        Title { en: "ResQ Club console", fi: "ResQ Club -konsoli" },
        SignInTitle { en: "Sign in", fi: "Kirjaudu sisään" },
        TokenLabel { en: "Access token", fi: "Käyttötunnus" },
        TokenHint { en: "Paste the token ResQ gave you.", fi: "Liitä ResQ:lta saamasi tunnus." },
        SignIn { en: "Sign in", fi: "Kirjaudu" },
        SignOut { en: "Sign out", fi: "Kirjaudu ulos" },
        DemoTitle { en: "Demo accounts", fi: "Demotilit" },
        DemoPartner { en: "Partner: {venue}", fi: "Kumppani: {venue}" },
        DemoStaff { en: "Customer service", fi: "Asiakaspalvelu" },
        TokenMalformed { en: "This is not a valid token.", fi: "Tämä ei ole kelvollinen tunnus." },
        TokenWrongRole { en: "This token is not for the console: it is for partners and customer service only.", fi: "Tämä tunnus ei käy konsoliin: se on vain kumppaneille ja asiakaspalvelulle." },
        TokenExpired { en: "This token has expired.", fi: "Tämä tunnus on vanhentunut." },
        SessionEnded { en: "Your session has ended. Please sign in again.", fi: "Istuntosi päättyi. Kirjaudu uudelleen." },
        Language { en: "Language", fi: "Kieli" },
        Venue { en: "Venue", fi: "Toimipiste" },
        Areas { en: "Console areas", fi: "Konsolin osiot" },
        TabReports { en: "Problem reports", fi: "Ongelmailmoitukset" },
        TabSampling { en: "Quality sampling", fi: "Laadun pistokokeet" },
        TabContacts { en: "Contact requests", fi: "Yhteydenottopyynnöt" },
        NoVenues { en: "This token names no venue.", fi: "Tunnuksessa ei ole toimipistettä." },
    }
}

const LANG_KEY: &str = "resq-console-lang";
const TOKEN_KEY: &str = "resq-console-token";

/// What every part of the console may use: the language and the session.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub lang: RwSignal<Lang>,
    pub session: RwSignal<Option<Session>>,
    /// Set when the server refused the token: the sign-in says why.
    pub ended: RwSignal<bool>,
}

impl Ctx {
    /// The context provided by [`App`].
    pub fn get() -> Ctx {
        use_context::<Ctx>().unwrap_or_else(|| Ctx {
            lang: RwSignal::new(Lang::En),
            session: RwSignal::new(None),
            ended: RwSignal::new(false),
        })
    }

    /// An API client with the signed-in token.
    pub fn client(&self) -> Client {
        Client::new(
            &self
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
                .unwrap_or_default(),
        )
    }

    /// Signs out; `ended` says the server refused the token.
    pub fn sign_out(&self, ended: bool) {
        storage::set_tab_value(TOKEN_KEY, None);
        self.ended.set(ended);
        self.session.set(None);
    }

    /// Reacts to a failed request: a refused token ends the session.
    pub fn check(&self, failure: &api::Failure) {
        if failure.is_unauthorized() {
            self.sign_out(true);
        }
    }
}

fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn initial_lang() -> Lang {
    let from_query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| {
            q.trim_start_matches('?')
                .split('&')
                .find_map(|pair| pair.strip_prefix("lang=").map(str::to_owned))
        });
    let navigator = web_sys::window().and_then(|w| w.navigator().language());
    [from_query, storage::remembered(LANG_KEY), navigator]
        .into_iter()
        .flatten()
        .find_map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

fn stored_session() -> Option<Session> {
    let token = storage::tab_value(TOKEN_KEY)?;
    Session::from_token(&token, now_seconds()).ok()
}

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx {
        lang: RwSignal::new(initial_lang()),
        session: RwSignal::new(stored_session()),
        ended: RwSignal::new(false),
    };
    provide_context(ctx);
    Effect::new(move || {
        let lang = ctx.lang.get();
        storage::remember(LANG_KEY, lang.tag());
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", lang.tag());
        }
    });
    let t = move |key: ShellText| key.get(ctx.lang.get());

    view! {
        <header class="bar">
            <span class="brand">{move || t(ShellText::Title)}</span>
            <label class="lang">
                <span>{move || t(ShellText::Language)}</span>
                <select on:change=move |ev| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                        ctx.lang.set(lang);
                    }
                }>
                    {Lang::ALL
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option value=l.tag() selected=move || ctx.lang.get() == l>
                                    {l.name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || ctx.session.with(Option::is_some)>
                <button type="button" class="quiet" on:click=move |_| ctx.sign_out(false)>
                    {move || t(ShellText::SignOut)}
                </button>
            </Show>
        </header>
        {move || match ctx.session.get() {
            None => view! { <SignIn /> }.into_any(),
            Some(session) if session.role == Role::Partner => {
                view! { <PartnerArea venues=session.venues /> }.into_any()
            }
            Some(_) => view! { <StaffArea /> }.into_any(),
        }}
    }
}

/// What `GET /api/v1/demo` says that the sign-in uses.
#[derive(Debug, Clone, Deserialize)]
struct DemoDirectory {
    tokens: DemoTokens,
    venues: Vec<VenueRef>,
}

#[derive(Debug, Clone, Deserialize)]
struct DemoTokens {
    partners: BTreeMap<String, String>,
    staff: String,
}

#[component]
fn SignIn() -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ShellText| key.get(ctx.lang.get());
    let token = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<TokenProblem>);
    let demo = RwSignal::new(None::<DemoDirectory>);
    spawn_local_scoped_with_cancellation(async move {
        if let Ok(directory) = Client::default().get::<DemoDirectory>("/api/v1/demo").await {
            demo.set(Some(directory));
        }
    });
    let sign_in = move |text: String| match Session::from_token(&text, now_seconds()) {
        Ok(session) => {
            storage::set_tab_value(TOKEN_KEY, Some(&session.token));
            problem.set(None);
            ctx.ended.set(false);
            ctx.session.set(Some(session));
        }
        Err(p) => problem.set(Some(p)),
    };
    let message = move || {
        problem.get().map(|p| match p {
            TokenProblem::Malformed => t(ShellText::TokenMalformed),
            TokenProblem::WrongRole => t(ShellText::TokenWrongRole),
            TokenProblem::Expired => t(ShellText::TokenExpired),
        })
    };

    view! {
        <main class="sign-in" id="main">
            <h1>{move || t(ShellText::SignInTitle)}</h1>
            <Show when=move || ctx.ended.get()>
                <p class="notice" role="status">{move || t(ShellText::SessionEnded)}</p>
            </Show>
            <form on:submit=move |ev| {
                ev.prevent_default();
                sign_in(token.get_untracked());
            }>
                <label for="token">{move || t(ShellText::TokenLabel)}</label>
                <p class="hint" id="token-hint">{move || t(ShellText::TokenHint)}</p>
                <textarea
                    id="token"
                    rows="4"
                    aria-describedby="token-hint token-error"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev))
                ></textarea>
                <p class="error" id="token-error" role="alert">{message}</p>
                <button type="submit">{move || t(ShellText::SignIn)}</button>
            </form>
            {move || {
                demo.get()
                    .map(|d| {
                        let venue_name = |id: &str| {
                            d.venues
                                .iter()
                                .find(|v| v.id == id)
                                .map_or_else(|| id.to_owned(), |v| v.name.clone())
                        };
                        let partners = d
                            .tokens
                            .partners
                            .iter()
                            .map(|(venue, token)| {
                                let name = venue_name(venue);
                                let token = token.clone();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            data-demo-venue=venue.clone()
                                            on:click=move |_| sign_in(token.clone())
                                        >
                                            {move || crate::i18n::fill(
                                                t(ShellText::DemoPartner),
                                                &[("venue", &name)],
                                            )}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view();
                        let staff = d.tokens.staff.clone();
                        view! {
                            <section class="demo" aria-labelledby="demo-title">
                                <h2 id="demo-title">{move || t(ShellText::DemoTitle)}</h2>
                                <ul>
                                    {partners}
                                    <li>
                                        <button
                                            type="button"
                                            data-demo-staff=""
                                            on:click=move |_| sign_in(staff.clone())
                                        >
                                            {move || t(ShellText::DemoStaff)}
                                        </button>
                                    </li>
                                </ul>
                            </section>
                        }
                    })
            }}
        </main>
    }
}

/// A partner: the Feedback page of one of its venues.
#[component]
fn PartnerArea(venues: Vec<String>) -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ShellText| key.get(ctx.lang.get());
    let venue = RwSignal::new(venues.first().cloned());
    let several = venues.len() > 1;
    view! {
        <main id="main" class="area">
            <Show when=move || several>
                <label class="venue-pick">
                    <span>{move || t(ShellText::Venue)}</span>
                    <select on:change=move |ev| venue.set(Some(event_target_value(&ev)))>
                        {venues
                            .iter()
                            .map(|v| view! { <option value=v.clone()>{v.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </Show>
            {move || match venue.get() {
                Some(venue_id) => view! { <partner::FeedbackPage venue_id /> }.into_any(),
                None => view! { <p>{move || t(ShellText::NoVenues)}</p> }.into_any(),
            }}
        </main>
    }
}

/// Which part of the service console is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StaffTab {
    Reports,
    Sampling,
    Contacts,
}

/// Customer service: problem reports and the quality sample.
#[component]
fn StaffArea() -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ShellText| key.get(ctx.lang.get());
    let tab = RwSignal::new(StaffTab::Reports);
    let tab_button = move |which: StaffTab, label: ShellText| {
        view! {
            <button
                type="button"
                aria-current=move || (tab.get() == which).then_some("page")
                on:click=move |_| tab.set(which)
            >
                {move || t(label)}
            </button>
        }
    };
    view! {
        <nav class="tabs" aria-label=move || t(ShellText::Areas)>
            {tab_button(StaffTab::Reports, ShellText::TabReports)}
            {tab_button(StaffTab::Sampling, ShellText::TabSampling)}
            {tab_button(StaffTab::Contacts, ShellText::TabContacts)}
        </nav>
        <main id="main" class="area">
            {move || match tab.get() {
                StaffTab::Reports => view! { <service::ServiceConsole /> }.into_any(),
                StaffTab::Sampling => view! { <service::sampling::Sampling /> }.into_any(),
                StaffTab::Contacts => view! { <contacts::ContactRequests /> }.into_any(),
            }}
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, placeholders};

    #[test]
    fn every_text_has_the_same_placeholders_in_every_language() {
        for key in ShellText::ALL {
            assert_eq!(
                placeholders(key.get(Lang::En)),
                placeholders(key.get(Lang::Fi)),
                "{key:?}"
            );
        }
    }
}
