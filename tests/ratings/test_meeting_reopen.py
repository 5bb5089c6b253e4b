"""A month already recorded opens with its stored values; the cell's year page does not say "not Tốt" while
months are still to come."""

from datetime import date

from dangvu.ratings.services import meeting_record


def test_a_recorded_month_opens_with_its_stored_values(client, world, criteria):
    ids = list(criteria.criteria.order_by("id").values_list("id", flat=True))
    meeting_record(actor=world.secretary, cell=world.cell_a, year=2026, month=3, held_on=date(2026, 3, 5),
                   present=1, excused=0, absent=0, scores=dict(zip(ids, ["15", "20", "40", "18.5"], strict=True)),
                   notes="Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    client.force_login(world.secretary)
    r = client.get(f"/ratings/meetings/record/{world.cell_a.pk}/?year=2026&month=3")
    html = r.content.decode()
    assert r.status_code == 200 and "đã ghi kết quả" in html
    assert 'value="2026-03-05"' in html and 'value="18,50"' in html and "Chuyên đề học tập" in html
    assert 'name="replace" type="checkbox" value="1" checked' in html
    r = client.get(f"/ratings/meetings/record/{world.cell_a.pk}/?year=2026&month=4")
    assert 'value="2026-' not in r.content.decode()  # an unrecorded month opens empty


def test_the_year_page_waits_for_the_missing_months(client, world, criteria):
    ids = list(criteria.criteria.order_by("id").values_list("id", flat=True))
    for month in range(1, 12):
        meeting_record(actor=world.secretary, cell=world.cell_a, year=2026, month=month,
                       held_on=date(2026, month, 5), present=1, excused=0, absent=0,
                       scores=dict(zip(ids, ["15", "20", "45", "20"], strict=True)))
    client.force_login(world.secretary)
    html = client.get(f"/ratings/meetings/cell/{world.cell_a.pk}/2026/").content.decode()
    assert "còn tháng 12" in html and "Không đạt" not in html
