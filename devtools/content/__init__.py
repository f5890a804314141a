"""The demo's and the benchmark's content: YAML and text files in this folder, read as data."""

from functools import cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent


@cache
def read(name: str):
    """The parsed YAML file `name` ("demo/groups.yaml") of this folder; callers do not change it."""
    with (FOLDER / name).open(encoding="utf-8") as file:
        return yaml.safe_load(file)
