//! The layer: what Django does with `TimingMiddleware(get_response)` once, at startup.

use tower::Layer;

use crate::service::Timing;

/// Wraps any service in [`Timing`]. It holds no settings, so it is a unit struct; a layer with
/// settings (a timeout, a header name) would carry them here and hand them to each service.
#[derive(Clone, Copy, Debug, Default)]
pub struct TimingLayer;

impl<S> Layer<S> for TimingLayer {
    type Service = Timing<S>;

    fn layer(&self, inner: S) -> Timing<S> {
        // TODO: wrap `inner` in a `Timing` service.
        todo!(
            "wrap the inner service `{}` in a `Timing`",
            std::any::type_name_of_val(&inner)
        )
    }
}
