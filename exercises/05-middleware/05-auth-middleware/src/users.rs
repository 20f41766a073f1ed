//! Who may use the API, by token. A stand-in for a sessions table or a token service.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

/// The authenticated user, as handlers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    pub username: String,
    pub is_staff: bool,
}

/// Users by API token. Clones share the same map.
#[derive(Clone, Debug, Default)]
pub struct Users {
    by_token: Arc<HashMap<String, User>>,
}

impl Users {
    pub fn new(users: impl IntoIterator<Item = (String, User)>) -> Self {
        Self {
            by_token: Arc::new(users.into_iter().collect()),
        }
    }

    /// The user this token belongs to, if any.
    pub fn find(&self, token: &str) -> Option<User> {
        self.by_token.get(token).cloned()
    }
}

/// The token of Ada, a staff member.
pub const ADA_TOKEN: &str = "ada-7f3c9e1b";
/// The token of Bob, who is not staff.
pub const BOB_TOKEN: &str = "bob-52d8a0c4";

pub fn sample_users() -> Users {
    let user = |username: &str, is_staff| User {
        username: username.to_owned(),
        is_staff,
    };
    Users::new([
        (ADA_TOKEN.to_owned(), user("ada", true)),
        (BOB_TOKEN.to_owned(), user("bob", false)),
    ])
}
