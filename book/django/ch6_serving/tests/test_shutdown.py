"""uvicorn's graceful shutdown: it stops accepting, and the request in flight still gets its
answer. Django's code takes no part in it."""
import socket
import threading
import time

import httpx
from django.core.handlers.asgi import ASGIHandler
from django.test import SimpleTestCase, override_settings

from ch6_serving import report
from ch6_serving.serve import config


def wait_until(condition, what, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.01)


def refuses(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


@override_settings(ROOT_URLCONF="ch6_serving.urls")
class GracefulShutdownTests(SimpleTestCase):
    def test_stop_accepting_then_finish_the_request_in_flight(self):
        import uvicorn

        report.in_flight.clear()
        report.release.clear()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(config(app=ASGIHandler(), lifespan="off", log_level="warning"))
        serving = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        serving.start()
        wait_until(lambda: server.started, "uvicorn's start")

        answers = []
        url = f"http://127.0.0.1:{port}/report"
        client = threading.Thread(target=lambda: answers.append(httpx.get(url, timeout=10)))
        client.start()
        wait_until(lambda: report.in_flight, "the report's arrival")

        server.should_exit = True  # what uvicorn's SIGTERM handler does
        wait_until(lambda: refuses(port), "refusing new connections")
        self.assertEqual(answers, [], "the report answered before it was released")

        report.release.set()
        client.join(10)
        serving.join(10)
        self.assertEqual([a.json() for a in answers], [{"report": "done"}])
        self.assertFalse(serving.is_alive())
        sock.close()
