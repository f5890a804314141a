from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm finds words inside Swedish compounds; it is a trusted extension since PostgreSQL 13."""

    dependencies = []
    operations = [TrigramExtension()]
