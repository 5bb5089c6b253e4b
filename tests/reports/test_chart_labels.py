"""Chart labels follow the one formatting rule of shares (core.text.format_share): one decimal always."""

from dangvu.reports.charts import svg
from dangvu.reports.model import Chart


def test_share_labels_keep_their_decimal():
    """The dashboard drew «25%» beside «27,3%» in one chart."""
    chart = Chart(title="Doanh nghiệp có tổ chức", labels=["Tổ chức đảng", "Đoàn thanh niên"], values=[27.27, 25.0],
                  unit="%")
    out = svg(chart)
    assert ">27,3%<" in out and ">25,0%<" in out and ">25%<" not in out
