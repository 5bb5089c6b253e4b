"""One formatting rule per kind of figure, the same in templates (filters of core/templatetags/vn.py)."""

from decimal import Decimal

from django.template import Context, Template

from dangvu.core.text import format_code, format_count, format_score, format_share


def test_each_kind_of_figure_has_one_rule():
    assert format_count(8165) == "8.165" and format_count(None) == ""
    assert format_code(2025) == "2025" and format_code(12345) == "12345"
    assert format_score(48) == "48,00" and format_score(Decimal("100")) == "100,00"
    assert format_share(75) == "75,0%" and format_share(75.06) == "75,1%" and format_share(100) == "100,0%"


def test_templates_use_the_same_rules():
    html = Template("{{ n|so }} {{ y|ma }} {{ y }} {{ s|diem }} {{ p|tyle }} [{{ none|tyle }}]").render(
        Context({"n": 8165, "y": 2025, "s": 48, "p": 75, "none": None})
    )
    # A bare {{ year }} groups under the Vietnamese locale: `ma` is the rule for years and ids.
    assert html == "8.165 2025 2.025 48,00 75,0% []"
