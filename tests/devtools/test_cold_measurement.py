"""`make bench` measures each page at every scale in turn, so a drift in the machine's speed
(seen on the shared hosts: the same loop 0.7 s, and 1.1 s thirteen minutes later) weighs on
every scale alike and cannot pass for growth."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from devtools.benchmark.cold import WARM_UP, measure


@pytest.fixture
def server():
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    httpd.shutdown()
    httpd.server_close()


def test_the_scales_are_asked_in_turn(server):
    base, asked = server
    results = measure({"0.1": f"{base}/small/", "1.0": f"{base}/large/"}, requests=5)
    assert asked == ["/small/", "/large/"] * (WARM_UP + 5)
    assert set(results) == {"0.1", "1.0"}
    assert all(len(cold.samples) == 5 and cold.median > 0 for cold in results.values())
