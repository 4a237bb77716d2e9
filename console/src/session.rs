//! Who is signed in: a bearer token and what it says about its holder.
//!
//! The console reads the token's claims only to choose what to show; the
//! server verifies the token on every request.

use serde::Deserialize;

/// The role a token names (the server's `Role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    Partner,
    Staff,
    Service,
}

/// A signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token: String,
    pub role: Role,
    /// Partner tokens: the venues the holder may see.
    pub venues: Vec<String>,
    /// Expiry, Unix seconds.
    pub expires: i64,
}

#[derive(Deserialize)]
struct Claims {
    role: Role,
    #[serde(default)]
    venues: Vec<String>,
    exp: i64,
}

/// Why a pasted token cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Not a JWT with readable claims.
    Malformed,
    /// A customer's or the marketplace's token: not for this console.
    WrongRole,
    /// Past its `exp`.
    Expired,
}

impl Session {
    /// Reads a pasted token (surrounding white space and a `Bearer ` prefix
    /// are ignored) at `now` (Unix seconds).
    pub fn from_token(token: &str, now: i64) -> Result<Session, TokenProblem> {
        let token = token.trim();
        let token = token
            .strip_prefix("Bearer ")
            .or_else(|| token.strip_prefix("bearer "))
            .unwrap_or(token)
            .trim();
        let mut parts = token.split('.');
        let (Some(_), Some(payload), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenProblem::Malformed);
        };
        let bytes = base64url_decode(payload).ok_or(TokenProblem::Malformed)?;
        let claims: Claims = serde_json::from_slice(&bytes).map_err(|_| TokenProblem::Malformed)?;
        if !matches!(claims.role, Role::Partner | Role::Staff) {
            return Err(TokenProblem::WrongRole);
        }
        if claims.exp <= now {
            return Err(TokenProblem::Expired);
        }
        Ok(Session {
            token: token.to_owned(),
            role: claims.role,
            venues: claims.venues,
            expires: claims.exp,
        })
    }
}

/// Decodes unpadded (or padded) base64url.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // A single leftover character (6 bits) cannot end valid base64.
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
                << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    fn token(claims: &str) -> String {
        format!(
            "{}.{}.sig",
            encode(br#"{"alg":"HS256"}"#),
            encode(claims.as_bytes())
        )
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..20u8 {
            let bytes: Vec<u8> = (0..n)
                .map(|i| i.wrapping_mul(37).wrapping_add(250))
                .collect();
            assert_eq!(base64url_decode(&encode(&bytes)), Some(bytes));
        }
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("ab$c"), None);
    }

    #[test]
    fn a_partner_token_names_its_venues() {
        let t =
            token(r#"{"sub":"p","role":"partner","venues":["venue-helsinki"],"exp":2000,"iat":1}"#);
        let s = Session::from_token(&format!("  Bearer {t} "), 1000).unwrap();
        assert_eq!(s.role, Role::Partner);
        assert_eq!(s.venues, ["venue-helsinki"]);
        assert_eq!(s.token, t);
    }

    #[test]
    fn customer_expired_and_garbled_tokens_are_refused() {
        let customer = token(r#"{"sub":"c","role":"customer","exp":2000}"#);
        assert_eq!(
            Session::from_token(&customer, 1000),
            Err(TokenProblem::WrongRole)
        );
        let staff = token(r#"{"sub":"s","role":"staff","exp":2000}"#);
        assert_eq!(
            Session::from_token(&staff, 2000),
            Err(TokenProblem::Expired)
        );
        assert!(Session::from_token(&staff, 1999).is_ok());
        assert_eq!(
            Session::from_token("not a token", 0),
            Err(TokenProblem::Malformed)
        );
        assert_eq!(
            Session::from_token("a.b!.c", 0),
            Err(TokenProblem::Malformed)
        );
    }
}
