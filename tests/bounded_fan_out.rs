//! `GET /portfolio`: fifty quotes with at most `max_in_flight` requests at a time.

use std::time::Duration;

use bounded_fan_out::{AppState, Config, app};
use testkit::upstream::{Gate, LoopbackUpstream, Service, symbols};
use testkit::{InFlight, StatusCode, TestClient, assert_response_snapshot};

const MAX_IN_FLIGHT: usize = 8;

fn client(stocks_url: String, portfolio: &[String]) -> TestClient {
    let state = AppState::new(Config {
        stocks_url,
        portfolio: portfolio.to_vec(),
        max_in_flight: MAX_IN_FLIGHT,
        timeout: Duration::from_secs(10),
    })
    .expect("AppState::new builds the client");
    TestClient::new(app(state))
}

fn owned(symbols: &[&str]) -> Vec<String> {
    symbols.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
async fn the_portfolio_has_a_quote_per_symbol_in_order() {
    // The first symbol's quote comes last, so answering in arrival order shows.
    let stocks = LoopbackUpstream::builder(Service::Stocks)
        .slow_symbol("INIT", Duration::from_millis(200))
        .start()
        .await;
    let portfolio = owned(&["INIT", "ACME", "GLBX"]);
    let res = client(stocks.url(), &portfolio).get("/portfolio").await;
    res.assert_status(StatusCode::OK).assert_json();
    let listed: Vec<String> = res.json()["quotes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|quote| quote["symbol"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        listed == portfolio,
        "the quotes should come in the portfolio's order {portfolio:?}, got {listed:?}. \
         `buffer_unordered` yields them as they finish; `buffered` keeps the order.\n{res:?}"
    );
    assert_response_snapshot!("three_quotes", res);
}

// ANCHOR: bounded
#[tokio::test]
async fn at_most_max_in_flight_quotes_are_fetched_at_once_and_more_than_one() {
    const SYMBOLS: usize = 50;
    // Every request enters the probe, waits at a gate that opens once two requests wait
    // together (so a bounded fan-out surely overlaps), then takes 50 ms.
    let probe = InFlight::new();
    let gate = Gate::new(2, testkit::probe::PATIENCE);
    let stocks = LoopbackUpstream::builder(Service::Stocks)
        .probe(&probe)
        .gate(&gate)
        .hold(Duration::from_millis(50))
        .start()
        .await;
    let res = client(stocks.url(), &symbols(SYMBOLS))
        .get("/portfolio")
        .await;
    res.assert_status(StatusCode::OK).assert_json();

    let peak = probe.peak();
    assert!(
        peak <= MAX_IN_FLIGHT,
        "{peak} quote requests were in flight at once, over the limit of {MAX_IN_FLIGHT}: the \
         fan-out is unbounded. `join_all` over {SYMBOLS} calls sends all {SYMBOLS} at once (and \
         5,000 for 5,000 symbols). Bound it: \
         `stream::iter(calls).buffered(state.config.max_in_flight)`."
    );
    assert!(
        peak > 1,
        "the {SYMBOLS} quotes were fetched one at a time, so their latencies add up. Let up \
         to {MAX_IN_FLIGHT} run together: `stream::iter(calls).buffered(max_in_flight)`."
    );
    assert!(
        stocks.started() == SYMBOLS,
        "the stocks service should get one request per symbol ({SYMBOLS}), it got {}",
        stocks.started()
    );
}
// ANCHOR_END: bounded

#[tokio::test]
async fn an_unknown_symbol_fails_the_portfolio_with_a_502() {
    let stocks = LoopbackUpstream::builder(Service::Stocks)
        .unknown_symbols(&["ZZZZ"])
        .start()
        .await;
    let portfolio = owned(&["ACME", "ZZZZ", "INIT"]);
    let res = client(stocks.url(), &portfolio).get("/portfolio").await;
    res.assert_status(StatusCode::BAD_GATEWAY).assert_json();
    assert_response_snapshot!("unknown_symbol", res);
}
