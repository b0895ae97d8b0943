"""The categories the seed resolutions use, and the terms, as editable starting data."""

import datetime as dt

from django.db import migrations

CATEGORIES = [
    # key, name, order, conditions
    ("hoc-sinh-sinh-vien", "Học sinh, sinh viên", 10, {"occupation_groups": ["pupil", "university_student"]}),
    (
        "lao-dong-dn-ngoai-nha-nuoc",
        "Công nhân, người lao động trong doanh nghiệp ngoài nhà nước",
        20,
        {"sectors": ["non_state_enterprise"]},
    ),
    (
        "hssv-va-dn-ngoai-nha-nuoc",
        "Học sinh, sinh viên và người lao động trong doanh nghiệp ngoài nhà nước",
        25,
        {"occupation_groups": ["pupil", "university_student"], "sectors": ["non_state_enterprise"]},
    ),
    (
        "giao-duc-y-te",
        "Đơn vị sự nghiệp công lập ngành giáo dục, y tế",
        30,
        {"sectors": ["education", "health", "school"]},
    ),
    ("khu-dan-cu", "Địa bàn khu dân cư", 40, {"sectors": ["residential"]}),
    ("doan-vien", "Đoàn viên Đoàn TNCS Hồ Chí Minh", 50, {"youth_union": True}),
    ("nu", "Nữ", 60, {"gender": "F"}),
    ("dan-toc-thieu-so", "Người dân tộc thiểu số", 70, {"ethnic_minority": True}),
    ("ton-giao", "Người có đạo", 80, {"religious": True}),
    ("quan-nhan-xuat-ngu", "Quân nhân xuất ngũ", 90, {"demobilised_soldier": True}),
]

# Counting conventions (configurable by national admins): the seed reports count "từ đầu nhiệm kỳ"
# from 1 January of the congress year; the 2025 reorganisation (1 July 2025) opens the next term.
TERMS = [
    ("2015-2020", "Nhiệm kỳ 2015–2020", dt.date(2015, 1, 1), dt.date(2019, 12, 31)),
    ("2020-2025", "Nhiệm kỳ 2020–2025", dt.date(2020, 1, 1), dt.date(2025, 6, 30)),
    ("2025-2030", "Nhiệm kỳ 2025–2030", dt.date(2025, 7, 1), dt.date(2030, 6, 30)),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("targets", "Category")
    Term = apps.get_model("targets", "Term")
    for key, name, order, conditions in CATEGORIES:
        Category.objects.get_or_create(key=key, defaults={"name": name, "order": order, **conditions})
    for code, name, start, end in TERMS:
        Term.objects.get_or_create(code=code, defaults={"name": name, "start": start, "end": end})


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
