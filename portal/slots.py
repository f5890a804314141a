"""Places for expensive answers, shared by every worker process on the machine.

A search or an API answer takes a place while it is made; when none is free, the visitor is
answered 429 at once (portal/http.py, `limited(capped=True)`). The places are file locks
(`flock`) on files in a folder of the machine's temporary directory, so the cap holds for all
gunicorn workers together: a flood may keep EXPENSIVE_AT_ONCE of them busy, never the CPU that
the cached pages need. Each server counts for itself, as each has its own cores. The kernel
frees a lock whose process dies.
"""

import fcntl
import hashlib
import os
import tempfile
import threading
from pathlib import Path


class Slots:
    def __init__(self, size: int, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.size = size
        self.pid = os.getpid()
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
            return number
        return None

    def release(self, number: int) -> None:
        lock, descriptor = self._places[number]
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        lock.release()

    def close(self) -> None:
        for _lock, descriptor in self._places:
            os.close(descriptor)


def folder_for(base_dir: Path, database: str) -> Path:
    """One folder per installation and database, so two portals on one machine (or the tests
    beside `make run`) do not take each other's places."""
    name = hashlib.sha256(f"{base_dir}|{database}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"oppnasoc-places-{name}"
