"""The embedded PostgreSQL that `make run` and `make test` share stays up for `make run`."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ready(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _wait_for(port: int, status: int, seconds: float) -> bool:
    return _eventually(lambda: _ready(port) == status, seconds)


def _postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except FileNotFoundError:
        return None


def _users(pgdata: Path) -> list[int]:
    """The processes on the embedded server's list of its users."""
    try:
        return json.loads((pgdata / ".handle_pids.json").read_text())
    except (FileNotFoundError, ValueError):
        return []


def _eventually(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def _ctrl_c_as_in_a_terminal() -> None:
    """Run in the child before it starts: Ctrl-C (SIGINT) stops it, as in a terminal.

    A suite started in the background by a shell without job control (`make test &`, CI run
    by nohup) inherits SIGINT ignored, and Python then installs no KeyboardInterrupt; the
    development server would ignore the test's Ctrl-C and never let its database go.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _join_and_leave(pgdata: Path, env: dict) -> None:
    """Another `make test` or `manage.py` run: it joins the server and exits."""
    code = (
        "from pathlib import Path; from devtools import embedded_db; "
        f"embedded_db.start(Path({str(pgdata)!r}), 'oppnasoc')"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120)


def test_the_development_server_gets_its_database_back_when_another_process_stops_it(tmp_path):
    pgdata = tmp_path / "pgdata"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env |= {"EMBEDDED_PGDATA": str(pgdata), "DEVTOOLS": "true", "PYTHONUNBUFFERED": "1"}
    port = _free_port()
    # Its log goes to a file: a pipe nobody reads fills up (64 KB) with a log line for each
    # request, and the server would then stop answering, and stopping, until it is killed.
    log = tmp_path / "runserver.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            preexec_fn=_ctrl_c_as_in_a_terminal,
        )
    try:
        assert _wait_for(port, 200, 90), "the development server did not start"
        first = _postmaster_pid(pgdata)

        # A process killed at the wrong moment leaves the list of processes using the server
        # wrong (here: empty); the next process to exit then believes it is the last one.
        (pgdata / ".handle_pids.json").write_text(json.dumps([]))
        _join_and_leave(pgdata, env)
        assert _postmaster_pid(pgdata) != first, "the other process stopped the server"

        assert _wait_for(port, 200, 20), "the development server never got its database back"
        assert _postmaster_pid(pgdata) not in (None, first)

        # Left off the list while the database runs (a start that outlasted pg_ctl's time
        # limit does that), it puts itself back, so that it stops the database when it ends.
        (pgdata / ".handle_pids.json").write_text(json.dumps([]))
        assert _eventually(lambda: server.pid in _users(pgdata), 20), "not back on the list"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            stopped = server.wait(timeout=30) is not None
        except subprocess.TimeoutExpired:
            stopped = False
            server.kill()
            server.wait()  # gone, so that the server's list of its users forgets it
        left_running = _postmaster_pid(pgdata)
        if left_running:
            _join_and_leave(pgdata, env)  # the last process to leave stops the server
        print(log.read_text()[-4000:])  # shown when the test fails
    assert stopped, "the development server did not stop on Ctrl-C"
    assert left_running is None, "the development server, the last user, left the database running"
    assert _postmaster_pid(pgdata) is None
