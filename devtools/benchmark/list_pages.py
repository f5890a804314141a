"""Prints the cold and search pages (key_pages.py) of the database in the environment, as JSON.

`make bench` runs it for each extra scale of BENCH_SCALES: each scale's database has its own
last page of the API.
"""

import dataclasses
import json
import os

import django

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oppnasoc.settings")
    django.setup()
    from devtools.benchmark.key_pages import cold_pages, search_pages

    print(json.dumps([dataclasses.asdict(page) for page in [*cold_pages(), *search_pages()]]))
