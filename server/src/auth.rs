//! Bearer tokens (JWT, HS256): who is calling, in which role, for which
//! venues. The token is an extractor; handlers ask it for the role they need.
//!
//! Expiry is checked against the server's [`Clock`](crate::clock::Clock), like
//! every other time rule, so tests that move time also age tokens.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use resq_core::order::PickupMarkedBy;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::http::error::{AppError, TokenProblem};

/// What a token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A customer: their own orders.
    Customer,
    /// A venue: the venues listed in the token.
    Partner,
    /// ResQ customer service.
    Staff,
    /// The marketplace backend (service to service).
    Service,
}

/// The claims of a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The customer id for customers; an account id otherwise.
    pub sub: String,
    pub role: Role,
    /// Partner tokens: the venues the holder may see.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub venues: Vec<String>,
    pub exp: i64,
    pub iat: i64,
}

/// Signs and verifies tokens with one shared secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(..)")
    }
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> TokenKeys {
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// Issues a token valid from `now` for `valid_for`.
    pub fn issue(
        &self,
        sub: &str,
        role: Role,
        venues: &[&str],
        now: DateTime<Utc>,
        valid_for: Duration,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: sub.to_owned(),
            role,
            venues: venues.iter().map(|v| (*v).to_owned()).collect(),
            iat: now.timestamp(),
            exp: (now + valid_for).timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// Verifies the signature and the expiry (against `now`).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, TokenProblem> {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked below with the server's clock, not the library's.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| TokenProblem::Invalid)?;
        if data.claims.exp <= now.timestamp() {
            return Err(TokenProblem::Expired);
        }
        Ok(data.claims)
    }
}

/// The verified caller of a request.
#[derive(Debug, Clone)]
pub struct Caller(pub Claims);

impl Caller {
    /// The customer id, if the caller is a customer; 403 otherwise.
    pub fn customer(&self) -> Result<&str, AppError> {
        match self.0.role {
            Role::Customer => Ok(&self.0.sub),
            _ => Err(AppError::forbidden()),
        }
    }

    /// The partner's venues, if the caller is a partner; 403 otherwise.
    pub fn partner_venues(&self) -> Result<&[String], AppError> {
        match self.0.role {
            Role::Partner => Ok(&self.0.venues),
            _ => Err(AppError::forbidden()),
        }
    }

    /// Only ResQ customer service; 403 otherwise.
    pub fn staff(&self) -> Result<(), AppError> {
        match self.0.role {
            Role::Staff => Ok(()),
            _ => Err(AppError::forbidden()),
        }
    }

    /// The partner's venues if they include `venue_id`; 403 for another
    /// role, 404 for a venue not in the token (R6: another venue's
    /// resources do not exist for this caller).
    pub fn partner_of(&self, venue_id: &str) -> Result<(), AppError> {
        if self.partner_venues()?.iter().any(|v| v == venue_id) {
            Ok(())
        } else {
            Err(AppError::not_found())
        }
    }

    /// Only the marketplace backend; 403 otherwise.
    pub fn service(&self) -> Result<(), AppError> {
        match self.0.role {
            Role::Service => Ok(()),
            _ => Err(AppError::forbidden()),
        }
    }

    /// Who a pickup mark by this caller is recorded as (R1), if it may mark.
    pub fn pickup_marker(&self) -> Result<PickupMarkedBy, AppError> {
        match self.0.role {
            Role::Service => Ok(PickupMarkedBy::Marketplace),
            Role::Customer => Ok(PickupMarkedBy::Customer),
            Role::Partner => Ok(PickupMarkedBy::Venue),
            Role::Staff => Err(AppError::forbidden()),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or(AppError::Unauthorized(TokenProblem::Missing))?;
        let token = value
            .to_str()
            .ok()
            .and_then(bearer_token)
            .ok_or(AppError::Unauthorized(TokenProblem::Invalid))?;
        let claims = state
            .keys
            .verify(token, state.clock.now())
            .map_err(AppError::Unauthorized)?;
        Ok(Caller(claims))
    }
}

/// The token of an `Authorization: Bearer <token>` header value.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    #[test]
    fn a_token_is_valid_until_it_expires() {
        let keys = TokenKeys::new(b"secret");
        let t = keys
            .issue("c1", Role::Customer, &[], at(1000), Duration::seconds(60))
            .unwrap();
        assert_eq!(keys.verify(&t, at(1059)).unwrap().sub, "c1");
        assert_eq!(keys.verify(&t, at(1060)), Err(TokenProblem::Expired));
    }

    #[test]
    fn a_token_signed_with_another_secret_is_invalid() {
        let t = TokenKeys::new(b"other")
            .issue("p", Role::Partner, &["v"], at(0), Duration::days(1))
            .unwrap();
        assert_eq!(
            TokenKeys::new(b"secret").verify(&t, at(10)),
            Err(TokenProblem::Invalid)
        );
    }

    #[test]
    fn bearer_scheme_is_case_insensitive() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer abc"), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
    }
}
