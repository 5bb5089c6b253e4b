"""The dashboard as a work centre: composition, the year's flow, targets with progress, ratings, due items each
linking to its list, enterprise coverage, charts; the year can be changed; query count; review pack button."""

import io
import subprocess
import sys
from datetime import date

import pytest
from docx import Document

from dangvu.core.dates import today
from dangvu.targets.services import target_create
from tests.targets.conftest import build_year2024


@pytest.fixture
def year2024(world):
    return build_year2024(world)


def test_dashboard_blocks_and_due_links(client, year2024, django_assert_max_num_queries):
    w = year2024.world
    t = today()
    target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least", value=300,
                  year=t.year)
    client.force_login(w.officer)
    with django_assert_max_num_queries(90):
        r = client.get("/")
    assert r.status_code == 200
    c = r.context["centre"]
    assert c.org == w.bloc
    # Today in the bloc: Hạnh, Bình (2026), An, Lan, Long, Mai = 6; Bình probationary (admitted 2026).
    assert c.composition.total == 6
    assert [d.label for d in c.due][0].startswith("Đảng viên dự bị")
    html = r.content.decode()
    for text in ("Đội ngũ đảng viên", "Việc cần làm", f"Chỉ tiêu năm {t.year}", "Kết nạp đảng viên mới",
                 "Đang thực hiện", "Doanh nghiệp ngoài khu vực nhà nước", "<svg"):
        assert text in html, text
    for d in c.due:
        assert client.get(d.url).status_code == 200, d.url


def test_changing_the_year(client, year2024):
    w = year2024.world
    target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least", value=2,
                  year=2024)
    client.force_login(w.officer)
    r = client.get("/", {"year": 2024})
    c = r.context["centre"]
    assert c.year == 2024 and c.flow.closing == 5 and c.flow.inflows["admitted"] == 3
    assert (c.targets.met, c.targets.total) == (1, 1) and "Vượt 50%" in r.content.decode()
    assert client.get("/", {"year": "abc"}).status_code == 200
    client.force_login(w.other_secretary)
    assert client.get("/", {"organization_id": w.bloc.pk}).context["centre"].org == w.cell_l


def test_review_pack_button_on_the_committee_page(client, year2024, settings, tmp_path):
    settings.DANGVU_EXPORTS_DIR = tmp_path
    w = year2024.world
    client.force_login(w.officer)
    html = client.get(f"/orgs/{w.bloc.pk}/").content.decode()
    assert f"/orgs/{w.bloc.pk}/review-pack/start/" in html
    # The button starts a background job (run at once in the tests) and its page offers the file.
    r = client.post(f"/orgs/{w.bloc.pk}/review-pack/start/", {"year": 2024, "format": "docx"})
    assert r.status_code == 302 and "/review-pack/jobs/" in r.url
    page = client.get(r.url)
    assert page.status_code == 200 and "100%" in page.content.decode() and "Tải docx" in page.content.decode()
    f = client.get(r.url + "file/")
    assert f.status_code == 200
    doc = Document(io.BytesIO(b"".join(f.streaming_content)))
    assert any("Tổng hợp số liệu công tác xây dựng Đảng năm 2024" in p.text for p in doc.paragraphs)
    other = client.__class__()
    other.force_login(w.other_secretary)
    assert other.get(r.url).status_code == 404 and other.get(r.url + "file/").status_code == 404
    # The same document while the request waits (the synchronous path, also used by the API):
    r = client.get(f"/orgs/{w.bloc.pk}/review-pack/", {"year": 2024})
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "Tổng hợp số liệu công tác xây dựng Đảng năm 2024" in text
    assert client.get(f"/orgs/{w.bloc.pk}/review-pack/", {"year": 2024, "format": "pdf"}).content[:4] == b"%PDF"
    assert client.get(f"/orgs/{w.bloc.pk}/review-pack/", {"year": 1980}).status_code == 400
    client.force_login(w.other_secretary)
    assert client.get(f"/orgs/{w.bloc.pk}/review-pack/", {"year": 2024}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_review_pack_command(world, tmp_path):
    from django.core.management import call_command

    build_year2024(world)
    out = tmp_path / "pack.docx"
    call_command("review-pack", "--organization-id", str(world.bloc.pk), "--year", "2024", "--out", str(out))
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in "\n".join(c.text for t in Document(str(out)).tables for row in t.rows
                                                  for c in row.cells)
    assert "Đạt" not in text or "chỉ tiêu" in text
    pdf = tmp_path / "pack.pdf"
    call_command("review-pack", "--organization-id", str(world.bloc.pk), "--year", "2024", "--out", str(pdf))
    assert pdf.read_bytes()[:4] == b"%PDF"
    bad = subprocess.run([sys.executable, "-m", "django", "review-pack", "--organization-id", "1", "--year", "2024",
                          "--out", str(tmp_path / "x.txt")], capture_output=True, text=True,
                         env={"DJANGO_SETTINGS_MODULE": "dangvu.settings", "PATH": "/usr/bin",
                              "DANGVU_SECRET_KEY": "x", "PYTHONPATH": "src"})
    assert bad.returncode != 0 and ".docx" in bad.stderr
    assert date(2024, 1, 1)
