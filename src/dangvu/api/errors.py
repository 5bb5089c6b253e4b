"""Exception handlers: every refusal is JSON with a Vietnamese `detail`; a 500 only for real bugs."""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dangvu.accounts.tokens import InvalidCredentials
from dangvu.core.errors import CONFLICT_MESSAGE, DomainError, NotAllowed, NotVisible
from dangvu.core.locking import is_write_conflict
from dangvu.core.security import too_large

from .parsing import BODY_ERROR, UnsupportedMediaType

logger = logging.getLogger("dangvu.api")

NOT_VISIBLE = "Không tìm thấy hoặc bạn không có quyền xem."
NOT_ALLOWED = "Bạn không có quyền thực hiện thao tác này."
NOT_AUTHENTICATED = "Chưa xác thực: gửi header 'Authorization: Bearer <mã truy cập>' (lấy tại POST /api/v1/auth/token)."
UNEXPECTED = "Lỗi hệ thống không mong muốn; lỗi đã được ghi lại, vui lòng báo quản trị viên."

# Labels shown beside the field name so a person reading the message knows which box is meant.
FIELD_LABELS = {
    # enterprises
    "tax_code": "mã số thuế",
    "ownership": "loại hình sở hữu",
    "locality_id": "địa bàn",
    "zone_id": "khu công nghiệp",
    "workers": "số lao động",
    "women": "số lao động nữ",
    "union_eligible": "số lao động đủ điều kiện gia nhập công đoàn",
    "members": "số đoàn viên, hội viên",
    "as_of": "tính đến ngày",
    "username": "tên đăng nhập",
    "password": "mật khẩu",
    "name": "tên",
    "kind": "loại",
    "parent_id": "tổ chức cấp trên",
    "sector": "khối/lĩnh vực",
    "founded_on": "ngày thành lập",
    "document": "văn bản quyết định",
    "effective_on": "ngày hiệu lực",
    "into_id": "tổ chức sáp nhập vào",
    "member_ids": "danh sách đảng viên",
    "organization_id": "tổ chức",
    "on": "ngày",
    "q": "từ khóa",
    "status": "loại đảng viên",
    "sex": "giới tính",
    "theory_level": "lý luận chính trị",
    "page": "trang",
    "full_name": "họ và tên",
    "birth_date": "ngày sinh",
    "admitted_on": "ngày quyết định kết nạp",
    "ceremony_on": "ngày lễ kết nạp",
    "full_on": "ngày chính thức",
    "joined_on": "ngày chuyển đến",
    "citizen_id": "số CCCD",
    "card_number": "số thẻ đảng viên",
    "to_organization_id": "chi bộ chuyển đến",
    "temporary": "tạm thời",
    "destination": "nơi chuyển đến",
    "note": "ghi chú",
    "reason": "lý do",
    "from": "từ ngày",
    "to": "đến ngày",
    "id": "mã tổ chức",
    "member_id": "mã đảng viên",
    "event_id": "mã sự kiện",
    "other_name": "tên gọi khác",
    "birthplace": "nơi sinh",
    "home_town": "quê quán",
    "ethnic_group": "dân tộc",
    "religion": "tôn giáo",
    "phone": "điện thoại",
    "address": "nơi ở",
    "education": "giáo dục phổ thông",
    "qualification": "chuyên môn",
    "occupation": "nghề nghiệp",
    "photo": "ảnh",
    "relation": "quan hệ",
    "birth_year": "năm sinh",
    "political_attitude": "lịch sử, thái độ chính trị",
    "relative_id": "mã người thân",
}
# Names of the schema parameters in the routes; they are containers, not fields a client sends.
_CONTAINERS = {"payload", "filters"}
_BOUNDS = {
    "greater_than_equal": ("lớn hơn hoặc bằng", "ge"),
    "greater_than": ("lớn hơn", "gt"),
    "less_than_equal": ("nhỏ hơn hoặc bằng", "le"),
    "less_than": ("nhỏ hơn", "lt"),
}


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    names = [str(p) for p in loc[1:] if isinstance(p, str) and p not in _CONTAINERS]
    return names[-1] if names else "body"


def _named(field: str) -> str:
    if field == "body":
        return "nội dung yêu cầu (body)"
    label = FIELD_LABELS.get(field)
    return f"'{field}' ({label})" if label else f"'{field}'"


def _message(err: dict[str, Any], field: str) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    f = _named(field)
    if kind == "missing":
        return f"Thiếu trường bắt buộc {f}."
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"Trường {f} phải là ngày hợp lệ dạng YYYY-MM-DD (ví dụ 2024-12-31)."
    if kind.startswith("int") or kind == "float_parsing":
        return f"Trường {f} phải là số nguyên."
    if kind.startswith("bool"):
        return f"Trường {f} phải là true hoặc false."
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return f"Trường {f} phải là một trong: {expected}."
    if kind == "string_too_long":
        return f"Trường {f} dài quá {ctx.get('max_length')} ký tự."
    if kind == "string_too_short":
        return f"Trường {f} phải có ít nhất {ctx.get('min_length')} ký tự."
    if kind == "string_type":
        return f"Trường {f} phải là chuỗi ký tự."
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"Trường {f} phải là một danh sách."
    if kind in _BOUNDS:
        word, key = _BOUNDS[kind]
        return f"Trường {f} phải {word} {ctx.get(key)}."
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return (
            "Nội dung yêu cầu phải là một đối tượng JSON." if field == "body" else f"Trường {f} phải là đối tượng JSON."
        )
    if kind == "extra_forbidden":
        return f"Trường {f} không được hỗ trợ."
    return f"Giá trị của trường {f} không hợp lệ."


def translate_validation(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """ninja/pydantic errors → {detail, field, rule, errors:[{field, detail, rule}]} in Vietnamese."""
    items = []
    for err in errors:
        field = _field_of(err.get("loc", ()))
        items.append({"field": field, "detail": _message(err, field), "rule": err.get("type", "invalid")})
    first = items[0] if items else {"field": None, "rule": "invalid", "detail": "Dữ liệu không hợp lệ."}
    return {
        "detail": " ".join(i["detail"] for i in items) or first["detail"],
        "field": first["field"],
        "rule": first["rule"],
        "errors": items,
    }


def body_refusal(request: HttpRequest) -> tuple[dict[str, Any], int] | None:
    """The parser's real reason behind ninja's "400 Cannot parse request body" (parsing.py): 415 or 422."""
    refused = getattr(request, BODY_ERROR, None)
    if isinstance(refused, UnsupportedMediaType):
        detail = "Nội dung yêu cầu phải là JSON, gửi kèm header 'Content-Type: application/json'."
        return {"detail": detail, "field": "body", "rule": "unsupported_media_type"}, 415
    if isinstance(refused, DomainError):
        return dict(refused.as_dict()), 422
    return None


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, exc.as_dict(), 422)

    @api.exception_handler(NotVisible)
    def not_visible(request: HttpRequest, exc: NotVisible) -> HttpResponse:
        return respond(request, {"detail": NOT_VISIBLE}, 404)

    @api.exception_handler(Http404)
    def http404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, {"detail": NOT_VISIBLE}, 404)

    @api.exception_handler(NotAllowed)
    def not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
        return respond(request, {"detail": str(exc) or NOT_ALLOWED}, 403)

    @api.exception_handler(InvalidCredentials)
    def invalid_credentials(request: HttpRequest, exc: InvalidCredentials) -> HttpResponse:
        return respond(request, {"detail": str(exc), "field": "password", "rule": "credentials"}, 401)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, {"detail": NOT_AUTHENTICATED}, 401)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, translate_validation(exc.errors), 422)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return too_large(request)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        refused = body_refusal(request)
        if refused is not None:
            return respond(request, *refused)
        if exc.status_code == 400:
            detail = "Nội dung yêu cầu không phải JSON hợp lệ."
            return respond(request, {"detail": detail, "field": "body", "rule": "json_invalid"}, 400)
        return respond(request, {"detail": str(exc)}, exc.status_code)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if is_write_conflict(exc):  # another request changed the same record at the same moment: 409, not 500
            logger.warning("write conflict on %s %s: %s", request.method, request.path, exc)
            return respond(request, {"detail": CONFLICT_MESSAGE, "field": None, "rule": "write_conflict"}, 409)
        logger.exception("Unexpected error on %s %s", request.method, request.path)
        return respond(request, {"detail": UNEXPECTED}, 500)
