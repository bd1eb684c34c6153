"""Filings made before the fix copied the record's own classification; raise each filing
and its archive item to the record's effective classification (a 内部 record filed from a
机密 folder becomes a 机密 item). Only ever raises. Search entries of the raised items
are refreshed by ``manage.py search_index verify``."""

from django.db import migrations


def raise_to_effective(apps, schema_editor):
    FiledRecord = apps.get_model("retention", "FiledRecord")
    RepositoryPage = apps.get_model("repository", "RepositoryPage")
    for filed in FiledRecord.objects.exclude(record=None).iterator():
        record = RepositoryPage.objects.filter(pk=filed.record_id).first()
        if record is None:
            continue
        level = max(record.classification, record.effective_classification)
        if level > filed.classification:
            FiledRecord.objects.filter(pk=filed.pk).update(classification=level)
        item = RepositoryPage.objects.filter(pk=filed.item_id).first()
        if item is not None and level > item.classification:
            RepositoryPage.objects.filter(pk=item.pk).update(classification=level)
            # The item is a leaf of the archive branch: nothing below it to refresh.
            if level > item.effective_classification:
                RepositoryPage.objects.filter(pk=item.pk).update(effective_classification=level)


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0005_correction_revision_protected"),
        ("repository", "0003_document_date"),
    ]

    operations = [migrations.RunPython(raise_to_effective, migrations.RunPython.noop)]
