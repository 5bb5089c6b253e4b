"""Seed the document types and issuers of Hướng dẫn 36-HD/VPTW (committees add theirs later)."""

from django.db import migrations

from dangvu.core.text import search_key

TYPES = [
    ("NQ", "Nghị quyết"), ("QĐ", "Quyết định"), ("QĐi", "Quy định"), ("QC", "Quy chế"), ("CT", "Chỉ thị"),
    ("KL", "Kết luận"), ("KH", "Kế hoạch"), ("HD", "Hướng dẫn"), ("BC", "Báo cáo"), ("TB", "Thông báo"),
    ("TTr", "Tờ trình"), ("CTr", "Chương trình"), ("CV", "Công văn"), ("TT", "Thông tri"), ("ĐA", "Đề án"),
    ("PA", "Phương án"), ("BB", "Biên bản"), ("GM", "Giấy mời"), ("GGT", "Giấy giới thiệu"), ("TC", "Thông cáo"),
]
ISSUERS = [
    ("TW", "Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư"),
    ("VPTW", "Văn phòng Trung ương Đảng"),
    ("BTCTW", "Ban Tổ chức Trung ương"),
    ("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương"),
    ("UBKTTW", "Ủy ban Kiểm tra Trung ương"),
    ("TU", "Tỉnh ủy (Ban Chấp hành, Ban Thường vụ Tỉnh ủy)"),
    ("VPTU", "Văn phòng Tỉnh ủy"),
    ("BTCTU", "Ban Tổ chức Tỉnh ủy"),
    ("BTGDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy"),
    ("ĐUK", "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"),
    ("ĐU", "Đảng ủy"),
    ("HU", "Huyện ủy"),
    ("ThU", "Thành ủy"),
    ("CB", "Chi bộ"),
    ("BCĐ", "Ban Chỉ đạo"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    DocumentType = apps.get_model("documents", "DocumentType")
    Issuer = apps.get_model("documents", "Issuer")
    for code, name in TYPES:
        DocumentType.objects.get_or_create(key=search_key(code), defaults={"code": code, "name": name})
    for code, name in ISSUERS:
        Issuer.objects.get_or_create(key=search_key(code), defaults={"code": code, "name": name})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
