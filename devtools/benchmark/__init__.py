"""The benchmark: its data (`manage.py bench_data`), its key pages and `make bench` (run.py)."""
