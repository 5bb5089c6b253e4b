"""The main pages of the app at bloc scale, as the demo's accounts open them: one list for the page-size test
(tests/web/test_big_pages.py, < 500 KB each) and the benchmark (bench/run.py, < 1 s each)."""

from dataclasses import dataclass

from django.db.models import Count

from dangvu.admissions.models import Course
from dangvu.core.dates import today
from dangvu.orgs.models import Organization, OrgKind
from dangvu.ratings.models import RatingRound

OFFICER = "canbo.khoi"
ADMIN = "quantri"


@dataclass(frozen=True)
class MainPage:
    name: str  # short name, as in the screenshots (walk-<role>-<name>.png)
    label: str  # what the page is, in Vietnamese (printed beside the figures)
    url: str
    username: str = OFFICER


def demo_bloc() -> Organization:
    """The demo's bloc committee (the largest subtree an officer works in), or the root."""
    return (Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("id").first()
            or Organization.objects.get(parent__isnull=True))


def main_pages(bloc: Organization | None = None) -> list[MainPage]:
    """Every main page, the largest of each kind: the bloc's organisation page, its largest confirmed and open
    rating rounds, the course with the most students, the flow report broken down by subordinate organisation."""
    bloc = bloc or demo_bloc()
    t = today()
    course = Course.objects.annotate(n=Count("enrollments")).order_by("-n", "-id").first()
    rounds = RatingRound.objects.annotate(n=Count("entries")).order_by("-n", "-id")
    closed = rounds.filter(status="closed").first()
    opened = rounds.filter(status="open").first()
    last_month = (t.year, t.month - 1) if t.month > 1 else (t.year - 1, 12)
    pages = [
        MainPage("dashboard", "Tổng quan", "/"),
        MainPage("tree", "Cây tổ chức", "/orgs/"),
        MainPage("org", "Trang tổ chức (Đảng bộ Khối)", f"/orgs/{bloc.pk}/"),
        MainPage("members", "Danh sách đảng viên", "/members/"),
        MainPage("admissions", "Phát triển đảng viên", "/admissions/"),
        MainPage("candidates", "Quần chúng ưu tú", "/admissions/candidates/"),
        MainPage("courses", "Lớp bồi dưỡng", "/admissions/courses/"),
        MainPage("course", "Sổ lớp bồi dưỡng (lớp đông nhất)",
                 f"/admissions/courses/{course.pk}/" if course else "/admissions/courses/"),
        MainPage("probation", "Đảng viên dự bị", "/admissions/probation/"),
        MainPage("ratings", "Đánh giá, xếp loại", "/ratings/"),
        MainPage("round_closed", "Đợt xếp loại đã khóa (lớn nhất)",
                 f"/ratings/rounds/{closed.pk}/" if closed else "/ratings/"),
        MainPage("round_open", "Đợt xếp loại đang mở (lớn nhất)",
                 f"/ratings/rounds/{opened.pk}/" if opened else "/ratings/"),
        MainPage("results", "Kết quả xếp loại", "/ratings/results/"),
        MainPage("month", "Sinh hoạt chi bộ theo tháng",
                 f"/ratings/meetings/?year={last_month[0]}&month={last_month[1]}"),
        MainPage("enterprises", "Doanh nghiệp", "/enterprises/"),
        MainPage("coverage", "Độ phủ tổ chức trong doanh nghiệp", "/enterprises/coverage/"),
        MainPage("flow", "Báo cáo biến động (theo tổ chức trực thuộc)",
                 f"/reports/flow/?organization_id={bloc.pk}&start={t.year - 1}-01-01&end={t.year - 1}-12-31"
                 "&by=children"),
        MainPage("badges", "Huy hiệu Đảng", "/documents/badges/"),
        MainPage("report_members", "Báo cáo đảng viên", "/reports/members/"),
        MainPage("report_founded", "Báo cáo tổ chức thành lập mới, giải thể", "/reports/organizations-founded/"),
        MainPage("audit", "Nhật ký thay đổi", "/audit/", ADMIN),
        MainPage("users", "Tài khoản người dùng", "/users/", ADMIN),
    ]
    return pages
