"""Places for expensive answers, shared by every worker process on the machine.

A search or an API answer takes a place while it is made; when none is free, the visitor is
answered 429 at once (portal/http.py, `limited(capped=True)`). The places are file locks
(`flock`) on files in a folder of the machine's temporary directory, so the cap holds for all
gunicorn workers together: a flood may keep EXPENSIVE_AT_ONCE of them busy, never the CPU that
the cached pages need. Each server counts for itself, as each has its own cores. The kernel
frees a lock whose process dies.

After each answer its place rests `rest` times as long as the answer took (EXPENSIVE_REST, 3):
a flood then keeps a place's core busy a quarter of the time at most, not all of it. On a slow
two-core machine, a flood that kept one core busy with searches left the cached pages' readers
a p95 of 150-180 ms (`make burst-test`); resting three times as long gave them 66-79 ms. The
end of the rest is written in the place's file, so every worker sees it.
"""

import fcntl
import hashlib
import os
import struct
import tempfile
import threading
import time
from pathlib import Path


class Slots:
    def __init__(self, size: int, folder: Path, rest: float = 0.0):
        folder.mkdir(parents=True, exist_ok=True)
        self.size = size
        self.rest = rest
        self.pid = os.getpid()
        self._taken_at = [0.0] * size
        # A thread lock beside each file lock: a process holds a file lock for all its threads.
        self._places = [
            (threading.Lock(), os.open(folder / f"place-{number}", os.O_RDWR | os.O_CREAT, 0o600))
            for number in range(size)
        ]

    def acquire(self) -> int | None:
        """A free place's number, taken; None when every place is taken."""
        for number, (lock, descriptor) in enumerate(self._places):
            if not lock.acquire(blocking=False):
                continue
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.release()
                continue
            if time.monotonic() < _rests_until(descriptor):
                fcntl.flock(descriptor, fcntl.LOCK_UN)
                lock.release()
                continue
            self._taken_at[number] = time.monotonic()
            return number
        return None

    def release(self, number: int) -> None:
        lock, descriptor = self._places[number]
        if self.rest:
            now = time.monotonic()  # the same clock in every process of the machine
            until = now + (now - self._taken_at[number]) * self.rest
            os.pwrite(descriptor, struct.pack("d", until), 0)
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        lock.release()

    def close(self) -> None:
        for _lock, descriptor in self._places:
            os.close(descriptor)


def _rests_until(descriptor: int) -> float:
    stamp = os.pread(descriptor, 8, 0)
    return struct.unpack("d", stamp)[0] if len(stamp) == 8 else 0.0


def folder_for(base_dir: Path, database: str) -> Path:
    """One folder per installation and database, so two portals on one machine (or the tests
    beside `make run`) do not take each other's places."""
    name = hashlib.sha256(f"{base_dir}|{database}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"oppnasoc-places-{name}"
