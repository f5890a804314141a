from django.db import models


class Dataset(models.Model):
    """Which benchmark data `bench_data` loaded into this database, so `make bench` can reuse it."""

    seed = models.PositiveIntegerField()
    scale = models.FloatField()
    loaded_on = models.DateField()
    seconds = models.FloatField()

    def __str__(self) -> str:
        return f"seed {self.seed}, scale {self.scale:g}, loaded {self.loaded_on}"
