//! Worked examples of the pages of this chapter, one file per page.

pub mod chat_rooms;
pub mod live_feed;
pub mod shared_rooms;
pub mod streaming;
pub mod websocket_auth;
pub mod websocket_endpoint;
