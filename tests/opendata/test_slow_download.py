"""A large download to a slow client is never cut off by gunicorn's worker timeout.

gunicorn with the production config (oppnasoc/gunicorn.conf.py), its timeout shortened to 3 s,
sends a file of 24 MB to a client that takes about eight seconds to read it. A sync worker
(`--threads 1`) is killed halfway, tried: 12.9 of 25 MB in 4.3 s (it sends the file in one call
and cannot tell the master it is alive); the threaded worker sends it all.

Not shorter than 3 s: a worker's start (Django, then portal/warmup.py) takes about 0.9 s on an
idle machine before it can first say it is alive, and an idle threaded worker says so about once
a second, so a timeout of 1 s killed a worker now and then on a busy CI machine whatever the
download did.
"""

import socket
import time
import urllib.parse

import pytest

from opendata import exports
from tests.factories import make_idea

SIZE = 24 * 1024 * 1024
TIMEOUT = 3
BYTES_A_SECOND = 3_000_000


@pytest.fixture
def gunicorn_env(tmp_path):
    return {"EXPORTS_ROOT": str(tmp_path / "exports"), "GUNICORN_CMD_ARGS": f"--timeout {TIMEOUT}"}


def test_a_slow_client_gets_the_whole_file(gunicorn, settings, tmp_path):
    settings.EXPORTS_ROOT = tmp_path / "exports"
    make_idea(title="Stor fil")
    build = exports.build()
    # The file as large as a city's: the same rows again and again.
    path = build.exports["statusandringar.csv"].path
    row = b"1,1,ide-1,En SIP,decided,Beslutad,2025-03-12,Gruppen,Motivering,,,,url\r\n"
    path.write_bytes(row * (SIZE // len(row)))
    size = path.stat().st_size

    base, log = gunicorn
    address = urllib.parse.urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        connection.sendall(
            b"GET /oppna-data/statusandringar.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Connection: close\r\n\r\n"
        )
        received = 0
        started = time.monotonic()
        while chunk := connection.recv(64 * 1024):
            received += len(chunk)
            # About 3 MB a second: eight seconds for the file, over twice the timeout.
            time.sleep(max(0, received / BYTES_A_SECOND - (time.monotonic() - started)))
    elapsed = time.monotonic() - started
    head_length = received - size
    assert 0 < head_length < 2000, f"{received} bytes of {size} in {elapsed:.1f} s"
    assert "WORKER TIMEOUT" not in log.read_text()
    assert elapsed > 2 * TIMEOUT, "the client was not slow enough to test anything"
