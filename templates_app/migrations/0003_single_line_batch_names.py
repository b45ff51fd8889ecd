"""Batch names are one line: flatten names saved with line breaks or other control characters."""
import unicodedata

from django.db import migrations


def flatten_names(apps, schema_editor):
    Batch = apps.get_model("templates_app", "Batch")
    for batch in Batch.objects.only("id", "name").iterator():
        flat = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in batch.name).split())
        if flat != batch.name:
            Batch.objects.filter(pk=batch.pk).update(name=flat[:200] or "Batch")


class Migration(migrations.Migration):
    dependencies = [("templates_app", "0002_alter_batch_options")]

    operations = [migrations.RunPython(flatten_names, migrations.RunPython.noop)]
