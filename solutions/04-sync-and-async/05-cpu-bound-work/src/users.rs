//! The user table: each user's salt and stretched password hash, as a Django `User` stores
//! `pbkdf2_sha256$<rounds>$<salt>$<hash>`.

use std::collections::HashMap;

use serde::Deserialize;

use crate::hashing::{ROUNDS, stretch};

#[derive(Clone, Debug)]
pub struct StoredPassword {
    pub salt: String,
    pub hash: String,
}

/// What a client sends to `POST /login`.
#[derive(Debug, Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// Two users: `ada` with the password `correct horse`, `grace` with `battery staple`. Their
/// hashes are computed once, here, at start-up.
pub fn sample_users() -> HashMap<String, StoredPassword> {
    [
        ("ada", "correct horse", "q8Xv"),
        ("grace", "battery staple", "Lm3P"),
    ]
    .into_iter()
    .map(|(name, password, salt)| {
        let stored = StoredPassword {
            salt: salt.to_owned(),
            hash: stretch(password, salt, ROUNDS),
        };
        (name.to_owned(), stored)
    })
    .collect()
}
