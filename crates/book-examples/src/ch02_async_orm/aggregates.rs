//! Page "Aggregates, and NULL when there is nothing": the blog's views summed up by status,
//! and the tags with the articles and views under each.

use sqlx::AnyPool;

// ANCHOR: summary
#[derive(Debug, PartialEq, sqlx::FromRow)]
pub struct ViewsSummary {
    pub articles: i64,
    pub total: Option<i64>, // SUM of no rows: NULL
    pub top: Option<i64>,
}

/// `Article.objects.filter(status=s).aaggregate(
///     articles=Count("id"), total=Sum("views"),
///     top=Max("views"))`
pub async fn views_summary(
    pool: &AnyPool,
    status: &str,
) -> Result<ViewsSummary, sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*) AS articles, \
         SUM(views) AS total, MAX(views) AS top \
         FROM articles WHERE status = $1",
    )
    .bind(status)
    .fetch_one(pool) // always one row
    .await
}
// ANCHOR_END: summary

// ANCHOR: per_tag
#[derive(Debug, PartialEq, sqlx::FromRow)]
pub struct TagViews {
    pub name: String,
    pub articles: i64,
    pub views: Option<i64>,
}

/// Every tag, used or not: LEFT JOIN, and COUNT of
/// a column, which skips the NULLs of a tag alone.
pub async fn views_per_tag(
    pool: &AnyPool,
) -> Result<Vec<TagViews>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.name, COUNT(a.id) AS articles, \
         SUM(a.views) AS views \
         FROM tags t \
         LEFT JOIN article_tags l ON l.tag_id = t.id \
         LEFT JOIN articles a ON a.id = l.article_id \
         GROUP BY t.id, t.name ORDER BY t.name",
    )
    .fetch_all(pool)
    .await
}
// ANCHOR_END: per_tag

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::db::TestDb;

    #[tokio::test]
    async fn a_summary_of_no_rows_is_zero_and_nulls() {
        let db = TestDb::seeded().await;
        let published = views_summary(db.pool(), "published")
            .await
            .unwrap();
        let expected = ViewsSummary {
            articles: 3,
            total: Some(237),
            top: Some(120),
        };
        assert_eq!(published, expected);
        let none =
            views_summary(db.pool(), "archived").await.unwrap();
        let empty = ViewsSummary {
            articles: 0,
            total: None,
            top: None,
        };
        assert_eq!(none, empty);
    }

    #[tokio::test]
    async fn an_unused_tag_is_listed_with_zero_articles() {
        let db = TestDb::seeded().await;
        db.run_sql("INSERT INTO tags (name) VALUES ('tokio')")
            .await;
        let rows = views_per_tag(db.pool()).await.unwrap();
        let line = |name: &str, articles, views| TagViews {
            name: name.into(),
            articles,
            views,
        };
        assert_eq!(
            rows,
            [
                line("async", 2, Some(195)),
                line("django", 1, Some(120)),
                line("rust", 3, Some(237)),
                line("tokio", 0, None),
            ]
        );
    }
}
