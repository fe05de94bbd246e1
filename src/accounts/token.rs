//! Session tokens: 256 random bits for the client, a SHA-256 digest for the
//! store, so a leaked database holds no usable token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::store::TokenDigest;

/// A fresh random token, URL-safe base64 (43 characters).
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the store keeps for `token`.
pub fn digest(token: &str) -> TokenDigest {
    TokenDigest(Sha256::digest(token.as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_random_bits() {
        let token = generate();
        assert_eq!(URL_SAFE_NO_PAD.decode(&token).unwrap().len(), 32);
        assert_ne!(token, generate());
    }

    #[test]
    fn the_digest_is_stable_and_differs_from_the_token() {
        let token = generate();
        assert_eq!(digest(&token), digest(&token));
        assert_ne!(digest(&token).0.as_slice(), token.as_bytes());
    }
}
