-- The sample blog every test starts from. Portable SQL: it runs unchanged on SQLite and
-- PostgreSQL. Rows are inserted in order into empty tables, so ids are 1, 2, 3, ... on both.
INSERT INTO articles (slug, title, author, status, published_on, views) VALUES
    ('async-views', 'Async views, from Django to axum', 'ada', 'published', '2026-01-12', 120),
    ('tokio-tasks', 'Tasks are cheap, threads are not', 'linus', 'published', '2026-02-03', 75),
    ('async-orm', 'The async ORM, with sqlx', 'grace', 'published', '2026-03-01', 42),
    ('pool-sizing', 'How big should a pool be?', 'ada', 'draft', NULL, 0),
    ('streaming-rows', 'Streaming rows, one at a time', 'grace', 'draft', NULL, 0);

INSERT INTO reviews (article_id, rating) VALUES
    (1, 5), (1, 4), (1, 4),
    (2, 3),
    (3, 5), (3, 2);

INSERT INTO tags (name) VALUES ('rust'), ('django'), ('async');

INSERT INTO article_tags (article_id, tag_id) VALUES
    (1, 1), (1, 2), (1, 3),
    (2, 1), (2, 3),
    (3, 1);
