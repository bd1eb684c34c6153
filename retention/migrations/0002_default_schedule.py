"""A starting retention schedule so filing works on a fresh install; archivists edit it.

Periods follow 机关文件材料归档范围和文书档案保管期限规定 (国家档案局令第8号, 2006) in
broad strokes: an office's own rules and major outgoing documents are kept permanently,
routine outgoing and incoming documents 30 years, routine correspondence and reception
arrangements 10 years. Existing rules with the same name are left alone.
"""

from django.db import migrations

BASIS = "机关文件材料归档范围和文书档案保管期限规定（国家档案局令第8号，2006年）"
DEFAULTS = [
    ("规章制度 — 永久", "regulationpage", "", "Y"),
    ("决定、决议、命令、公报、纪要 — 永久", "officialdocumentpage", "决定", "Y"),
    ("公文（一般） — 定期30年", "officialdocumentpage", "", "D30"),
    ("简报、内刊 — 定期30年", "bulletinpage", "", "D30"),
    ("通知（事务性） — 定期10年", "noticepage", "", "D10"),
    ("公函 — 定期10年", "letterpage", "", "D10"),
    ("接待方案 — 定期10年", "receptionplanpage", "", "D10"),
    ("其他文件 — 定期10年", "genericdocumentpage", "", "D10"),
]


def add_default_rules(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name, model, category, period in DEFAULTS:
        if RetentionRule.objects.filter(name=name).exists():
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label="repository", model=model)
        RetentionRule.objects.create(
            name=name, record_type=content_type, category=category, period=period, basis=BASIS
        )


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("repository", "0002_effective_classification"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_default_rules, migrations.RunPython.noop)]
