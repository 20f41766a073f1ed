//! `/articles/{slug}`: GET shows an article, POST counts a view, safely under concurrency.

use std::time::Duration;

use class_based_view::{Analytics, AppState, app, sample_articles};
use testkit::{StatusCode, TestClient, assert_response_snapshot};

/// The stand-in analytics service answers after this long, like a network call.
const ANALYTICS_LATENCY: Duration = Duration::from_millis(20);

fn client_and_analytics() -> (TestClient, Analytics) {
    let analytics = Analytics::new(ANALYTICS_LATENCY);
    let state = AppState::new(sample_articles(), analytics.clone());
    (TestClient::new(app(state)), analytics)
}

async fn views_of(client: &TestClient, slug: &str) -> u64 {
    let res = client.get(&format!("/articles/{slug}")).await;
    res.assert_status(StatusCode::OK).assert_json();
    match res.json()["views"].as_u64() {
        Some(views) => views,
        None => panic!("GET /articles/{slug} should have a numeric `views` field\n{res:?}"),
    }
}

#[tokio::test]
async fn get_shows_the_article_and_its_views() {
    let (client, _) = client_and_analytics();
    let res = client.get("/articles/async-views").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("article", res);
}

#[tokio::test]
async fn post_counts_one_view_and_answers_the_new_count() {
    let (client, analytics) = client_and_analytics();
    let res = client.post("/articles/async-views").await;
    res.assert_status(StatusCode::OK).assert_json();
    assert_response_snapshot!("view_counted", res);
    assert_eq!(
        views_of(&client, "async-views").await,
        4,
        "3 views + 1 POST"
    );
    assert_eq!(
        analytics.recorded(),
        1,
        "each POST records one view with `state.analytics.record_view(&slug).await`"
    );
}

#[tokio::test]
async fn an_unknown_slug_is_a_json_404_for_get_and_post() {
    let (client, analytics) = client_and_analytics();
    for res in [
        client.get("/articles/no-such-article").await,
        client.post("/articles/no-such-article").await,
    ] {
        res.assert_status(StatusCode::NOT_FOUND).assert_json();
        assert_eq!(res.json()["error"], "not_found", "{res:?}");
    }
    assert_eq!(
        analytics.recorded(),
        0,
        "no view is recorded for an article that does not exist"
    );
}

#[tokio::test]
async fn other_methods_are_405_method_not_allowed() {
    let (client, _) = client_and_analytics();
    let res = client.delete("/articles/async-views").await;
    res.assert_status(StatusCode::METHOD_NOT_ALLOWED);
}

// ANCHOR: lost_update
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_posts_add_exactly_a_hundred_views() {
    let (client, analytics) = client_and_analytics();
    let before = views_of(&client, "tokio-tasks").await;

    let posts = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.post("/articles/tokio-tasks").await })
    });
    let mut answered = Vec::new();
    for post in testkit::futures::future::join_all(posts).await {
        let res = post.expect("a POST task panicked");
        res.assert_status(StatusCode::OK);
        answered.push(res.json()["views"].as_u64().unwrap_or(0));
    }

    let after = views_of(&client, "tokio-tasks").await;
    assert!(
        after == before + 100,
        "100 concurrent POSTs took the views from {before} to {after}: {} increments were lost.\n\
         The handler reads the count, awaits, then writes it back, and other requests ran in \
         between. Change the count while holding the lock, drop the lock, then await.",
        before + 100 - after.min(before + 100),
    );
    answered.sort_unstable();
    answered.dedup();
    assert!(
        answered.len() == 100,
        "each of the 100 POSTs should answer a different new count, but only {} distinct \
         counts came back: some requests saw the same value",
        answered.len()
    );
    assert_eq!(analytics.recorded(), 100, "every POST records its view");
}
// ANCHOR_END: lost_update

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_posts_do_not_wait_for_each_other() {
    let (client, analytics) = client_and_analytics();
    let posts = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.post("/articles/async-views").await })
    });
    for post in testkit::futures::future::join_all(posts).await {
        post.expect("a POST task panicked")
            .assert_status(StatusCode::OK);
    }
    let peak = analytics.peak_in_flight();
    assert!(
        peak >= 2,
        "20 concurrent POSTs reached the analytics call one at a time (at most {peak} at once).\n\
         A lock is held across `.await`, so every request waits for the one before it. \
         Keep the lock only around the increment and release it before awaiting analytics."
    );
}
