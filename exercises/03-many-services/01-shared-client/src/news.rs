//! The news service's answer, and what this app answers from it.
//!
//! The upstream types list only the fields this app reads: serde ignores the rest, so the
//! news service can add fields without breaking us.

use serde::{Deserialize, Serialize};

/// `GET /v1/headlines` on the news service.
#[derive(Debug, Deserialize)]
pub struct Headlines {
    pub articles: Vec<UpstreamArticle>,
}

#[derive(Debug, Deserialize)]
pub struct UpstreamArticle {
    pub title: String,
    pub source: String,
    pub url: String,
}

/// The body of `GET /news`.
#[derive(Debug, Serialize)]
pub struct NewsFeed {
    pub headlines: Vec<Headline>,
}

#[derive(Debug, Serialize)]
pub struct Headline {
    pub title: String,
    pub source: String,
    pub url: String,
}

impl From<Headlines> for NewsFeed {
    fn from(upstream: Headlines) -> Self {
        let headlines = upstream
            .articles
            .into_iter()
            .map(|article| Headline {
                title: article.title,
                source: article.source,
                url: article.url,
            })
            .collect();
        NewsFeed { headlines }
    }
}
