//! Page "A race-safe get-or-create": a draft article by slug, got or created, with the
//! database deciding who created it.

use sqlx::AnyPool;

// ANCHOR: draft
#[derive(Debug, PartialEq, sqlx::FromRow)]
pub struct Draft {
    pub id: i64,
    pub slug: String,
}

/// `Article.objects.aget_or_create(slug=slug,
///     defaults={"title": ..., "author": ...})`
pub async fn draft_for(
    pool: &AnyPool,
    slug: &str,
    author: &str,
) -> Result<(Draft, bool), sqlx::Error> {
    // The UNIQUE slug decides: of any number of
    // callers, one gets a row back from the INSERT.
    let created: Option<Draft> = sqlx::query_as(
        "INSERT INTO articles (slug, title, author) \
         VALUES ($1, $1, $2) \
         ON CONFLICT (slug) DO NOTHING \
         RETURNING id, slug",
    )
    .bind(slug)
    .bind(author)
    .fetch_optional(pool)
    .await?;
    if let Some(draft) = created {
        return Ok((draft, true));
    }
    let existing = sqlx::query_as(
        "SELECT id, slug FROM articles WHERE slug = $1",
    )
    .bind(slug)
    .fetch_one(pool)
    .await?;
    Ok((existing, false))
}
// ANCHOR_END: draft

#[cfg(test)]
mod tests {
    use super::*;
    use futures::future::join_all;
    use testkit::db::TestDb;

    #[tokio::test]
    async fn an_existing_slug_is_got_a_new_one_created() {
        let db = TestDb::seeded().await;
        let (got, created) =
            draft_for(db.pool(), "async-views", "ada")
                .await
                .unwrap();
        assert_eq!((got.id, created), (1, false));
        let (new, created) =
            draft_for(db.pool(), "sqlx-tips", "ada")
                .await
                .unwrap();
        assert_eq!((new.id, created), (6, true));
    }

    #[tokio::test]
    async fn of_twenty_concurrent_callers_exactly_one_creates()
    {
        let db = TestDb::seeded().await;
        let calls = (0..20)
            .map(|_| draft_for(db.pool(), "race", "ada"));
        let results: Vec<_> = join_all(calls)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let created = results
            .iter()
            .filter(|(_, created)| *created)
            .count();
        assert_eq!(created, 1);
        assert!(
            results
                .iter()
                .all(|(draft, _)| draft.id == results[0].0.id)
        );
        let rows = db.count("articles").await;
        assert_eq!(rows, 6);
    }
}
