//! The widget in headless Chromium (wasm-bindgen-test): the real client code
//! runs against a stubbed `window.fetch`; tests click, type and assert on the
//! DOM. Run: see README (`CHROMEDRIVER=… cargo test --target wasm32-unknown-unknown`).

mod embed;
mod form;
mod i18n;
mod report;
mod sending;
mod startup;
mod states;
mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
