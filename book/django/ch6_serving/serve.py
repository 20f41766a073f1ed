"""How the Django twin is served in production: uvicorn, with a graceful shutdown.

    python -m ch6_serving.serve            # from book/django
"""
import uvicorn

# ANCHOR: config
def config(**overrides) -> uvicorn.Config:
    # On SIGTERM or Ctrl-C uvicorn stops accepting,
    # lets requests in flight finish (at most 30 s
    # here), then exits. Django itself does nothing.
    settings = {
        "app": "config.asgi:application",
        "host": "127.0.0.1",
        "port": 8000,
        "timeout_graceful_shutdown": 30,
        **overrides,
    }
    return uvicorn.Config(**settings)


if __name__ == "__main__":
    uvicorn.Server(config()).run()
# ANCHOR_END: config
