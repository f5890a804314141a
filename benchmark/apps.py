from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    """`manage.py bench_data` and the pages `make bench` measures; no public pages."""

    name = "benchmark"
    verbose_name = "Benchmark"
