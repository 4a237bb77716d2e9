//! Bearer tokens as the server's `auth` module issues them (HS256 JWT with
//! `sub`, `role`, `venues`, `iat`, `exp`), signed with the secret the bench
//! starts the server with.

use std::sync::Arc;

use jsonwebtoken::{EncodingKey, Header};
use serde::Serialize;

/// The secret the bench's server runs with.
pub const SECRET: &str = "resq-bench-secret";

#[derive(Serialize)]
struct Claims<'a> {
    sub: &'a str,
    role: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    venues: &'a [&'a str],
    iat: i64,
    exp: i64,
}

#[derive(Clone)]
pub struct Tokens {
    key: Arc<EncodingKey>,
    iat: i64,
}

impl Tokens {
    pub fn new() -> Tokens {
        Tokens {
            key: Arc::new(EncodingKey::from_secret(SECRET.as_bytes())),
            iat: chrono::Utc::now().timestamp() - 60,
        }
    }

    fn issue(&self, sub: &str, role: &str, venues: &[&str]) -> String {
        let claims = Claims {
            sub,
            role,
            venues,
            iat: self.iat,
            exp: self.iat + 3 * 3600,
        };
        jsonwebtoken::encode(&Header::default(), &claims, &self.key).expect("a token")
    }

    pub fn customer(&self, id: &str) -> String {
        self.issue(id, "customer", &[])
    }

    pub fn partner(&self, venue: &str) -> String {
        self.issue("bench-partner", "partner", &[venue])
    }
}
