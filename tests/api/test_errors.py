import logging

from dangvu.api.errors import translate_validation

from .conftest import ApiClient


def test_an_unexpected_error_is_a_logged_500_without_internals(world, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("dangvu.members.api.members_of", boom)
    with caplog.at_level(logging.ERROR, logger="dangvu.api"):
        r = ApiClient(world.officer).get("/members")
    assert r.status_code == 500
    assert "secret" not in r.content.decode() and r.json()["detail"].startswith("Lỗi hệ thống")
    assert any(rec.name == "dangvu.api" and rec.exc_info for rec in caplog.records)


def test_json_answers_keep_vietnamese_readable(world):
    r = ApiClient(world.officer).get(f"/organizations/{world.bloc.pk}")
    assert "Đảng bộ Khối".encode() in r.content


def test_validation_errors_translate_to_vietnamese_with_the_field():
    out = translate_validation(
        [
            {"type": "missing", "loc": ("body", "payload", "full_name"), "msg": "Field required"},
            {"type": "int_parsing", "loc": ("body", "payload", "member_ids", 2), "msg": "..."},
            {"type": "string_too_long", "loc": ("body", "payload", "name"), "ctx": {"max_length": 255}},
            {"type": "something_new", "loc": ("query", "on"), "msg": "..."},
        ]
    )
    assert out["field"] == "full_name" and out["rule"] == "missing"
    assert [e["field"] for e in out["errors"]] == ["full_name", "member_ids", "name", "on"]
    assert out["errors"][1]["detail"] == "Trường 'member_ids' (danh sách đảng viên) phải là số nguyên."
    assert out["errors"][2]["detail"] == "Trường 'name' (tên) dài quá 255 ký tự."
    assert out["errors"][3]["detail"] == "Giá trị của trường 'on' (ngày) không hợp lệ."
