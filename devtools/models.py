from django.db import models


class Dataset(models.Model):
    """Which benchmark data `bench_data` loaded into this database, so `make bench` can reuse it."""

    seed = models.PositiveIntegerField()
    scale = models.FloatField()
    loaded_on = models.DateField()
    seconds = models.FloatField()

    class Meta:
        # The table the benchmark app made before it became part of devtools, so benchmark
        # databases loaded then are still recognised by `bench_data --if-needed`.
        db_table = "benchmark_dataset"

    def __str__(self) -> str:
        return f"seed {self.seed}, scale {self.scale:g}, loaded {self.loaded_on}"
