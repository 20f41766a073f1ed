"""What uvicorn limits by itself, and what it leaves to a proxy: the capstone page's table.

uvicorn closes a kept-alive connection that says nothing after its `timeout_keep_alive`
(5 s by default), but it has no header-read timeout: a connection that sends half a request
stays open for as long as the client likes (slowloris), and by default it takes any number of
requests at once. The capstone sets all three itself.
"""
import socket
import time

import uvicorn
from django.core.handlers.asgi import ASGIHandler
from django.test import SimpleTestCase

from blog.testing import uvicorn_server


def read_response(sock):
    """Reads one small response whole (Django's 404 page for an unknown path)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(4096)
    return head


def closed_within(sock, seconds):
    """True when the server closes the connection within `seconds`."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False


class UvicornLimitsTests(SimpleTestCase):
    def test_its_defaults_keep_alive_5_s_and_no_concurrency_limit(self):
        config = uvicorn.Config(ASGIHandler())
        self.assertEqual(config.timeout_keep_alive, 5)
        self.assertIsNone(config.limit_concurrency)

    def test_an_idle_kept_alive_connection_is_closed_but_a_half_sent_request_is_not(self):
        with uvicorn_server(ASGIHandler(), timeout_keep_alive=1) as url:
            port = int(url.rsplit(":", 1)[1])
            half = socket.create_connection(("127.0.0.1", port))
            half.sendall(b"GET /ch1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line
            idle = socket.create_connection(("127.0.0.1", port))
            idle.settimeout(5)
            idle.sendall(b"GET /unknown HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            self.assertIn(b" 404 ", read_response(idle))
            started = time.monotonic()
            self.assertTrue(
                closed_within(idle, 5),
                "uvicorn should close a kept-alive connection idle past timeout_keep_alive",
            )
            # Three times the keep-alive timeout later, the half-sent request is still open.
            remaining = 3.0 - (time.monotonic() - started)
            self.assertFalse(
                closed_within(half, max(remaining, 0.1)),
                "uvicorn closed a half-sent request: it has a header-read timeout after all",
            )
            half.close()
            idle.close()
