"""Holds the only place of a folder's expensive-answer places (portal/slots.py) for a minute,
as another gunicorn worker making a search would: `python -m tests.hold_place FOLDER`."""

import sys
import time
from pathlib import Path

from portal.slots import Slots

if __name__ == "__main__":
    slots = Slots(1, Path(sys.argv[1]))
    assert slots.acquire() == 0
    print("holding", flush=True)
    time.sleep(60)
