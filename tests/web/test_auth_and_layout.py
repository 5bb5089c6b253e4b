from django.urls import reverse

from dangvu.core.models import AuditEntry


def test_login_page_is_vietnamese(client, db):
    r = client.get(reverse("login"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Tên đăng nhập" in html and "Mật khẩu" in html and 'lang="vi"' in html


def test_wrong_password_is_refused_in_vietnamese(client, world):
    r = client.post(reverse("login"), {"username": "canbo.khoi", "password": "sai-mat-khau"})
    assert r.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.content.decode()


def test_signing_in_leads_to_the_dashboard(client, world):
    r = client.post(reverse("login"), {"username": "canbo.khoi", "password": "matkhau-123"})
    assert r.status_code == 302 and r.url == reverse("dashboard")


def test_pages_need_a_signed_in_user(client, world):
    for url in [reverse("dashboard"), reverse("org_tree"), reverse("member_list"), reverse("flow_report"),
                reverse("org_detail", args=[world.bloc.pk]), reverse("member_detail", args=[world.hanh.pk])]:
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith(reverse("login")), url


def test_logout_is_a_post(as_user, world):
    client = as_user(world.officer)
    assert client.get(reverse("logout")).status_code == 405
    r = client.post(reverse("logout"))
    assert r.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_header_shows_user_role_and_organisation(as_user, world):
    html = as_user(world.officer).get(reverse("dashboard")).content.decode()
    for text in ["Đảng vụ", "Tổng quan", "Tổ chức", "Đảng viên", "Báo cáo", "Đăng xuất",
                 "Cán bộ cấp ủy — Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh"]:
        assert text in html
    assert "Nhật ký" not in html  # only administrators see the audit log link


def test_dashboard_counts_the_assigned_subtree(as_user, world):
    r = as_user(world.officer).get(reverse("dashboard"))
    summary = r.context["summaries"][0]
    assert summary.org == world.bloc
    assert (summary.headcount, summary.probationary, summary.grassroots) == (2, 1, 2)


def test_audit_log_is_for_administrators(as_user, world):
    assert as_user(world.officer).get(reverse("audit_log")).status_code == 403
    r = as_user(world.admin).get(reverse("audit_log"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Nhật ký thay đổi" in html and "đã ghi hồ sơ đảng viên mới" in html
    assert r.context["page"].paginator.count == AuditEntry.objects.count()


def test_forbidden_page_is_vietnamese(as_user, world):
    r = as_user(world.viewer).get(reverse("audit_log"))
    assert r.status_code == 403
    assert "Không có quyền thực hiện" in r.content.decode()
