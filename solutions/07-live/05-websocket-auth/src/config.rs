//! Who may open the notifications socket: the origins (sites) allowed to, and the signed-in
//! users' session tokens. In a real app the tokens live in the session store, and the origins
//! in configuration (Django: `ALLOWED_HOSTS`, `CSRF_TRUSTED_ORIGINS`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::http::{HeaderMap, header};

/// The name of the session cookie, set when the user signed in.
pub const SESSION_COOKIE: &str = "session";

#[derive(Clone, Debug, Default)]
pub struct Config {
    allowed_origins: Arc<Vec<String>>,
    sessions: Arc<HashMap<String, String>>,
}

impl Config {
    /// `allowed_origins` as browsers send them (`https://blog.example`, no path), and the
    /// sessions as (token, user name) pairs.
    pub fn new(allowed_origins: &[&str], sessions: &[(&str, &str)]) -> Self {
        Self {
            allowed_origins: Arc::new(allowed_origins.iter().map(|o| o.to_string()).collect()),
            sessions: Arc::new(
                sessions
                    .iter()
                    .map(|(token, user)| (token.to_string(), user.to_string()))
                    .collect(),
            ),
        }
    }

    /// Whether `origin` (the `Origin` header's value) is one of the allowed origins.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|allowed| allowed == origin)
    }

    /// The user signed in with session `token`, if any.
    pub fn user(&self, token: &str) -> Option<&str> {
        self.sessions.get(token).map(String::as_str)
    }
}

/// The value of the session cookie in `headers`, if the request has one.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}
