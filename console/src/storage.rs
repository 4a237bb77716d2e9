//! The browser's storage, best effort (private modes may refuse it).

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// A value kept across visits (e.g. the language).
pub fn remembered(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?
}

pub fn remember(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(key, value);
    }
}

/// A value kept for this tab only (the token: closing the tab signs out).
pub fn tab_value(key: &str) -> Option<String> {
    session()?.get_item(key).ok()?
}

pub fn set_tab_value(key: &str, value: Option<&str>) {
    if let Some(s) = session() {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}
