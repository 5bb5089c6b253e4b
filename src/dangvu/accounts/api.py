"""Tokens: POST /auth/token (sign in), GET /auth/tokens, DELETE /auth/tokens/{id}, POST /auth/logout."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from dangvu.core.api import ERRORS, ErrorOut, caller

from .tokens import token_issue, token_revoke, tokens_of

router = Router(tags=["Xác thực"])


class TokenIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=128)
    name: str = Field("", max_length=100, description="Tên gợi nhớ (ví dụ: máy chủ báo cáo)")
    otp: str = Field("", max_length=32, description="Mã xác thực hai bước (6 số) hoặc mã khôi phục, nếu tài khoản "
                     "đã bật xác thực hai bước")


class TokenCreated(Schema):
    token: str


class TokenOut(Schema):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    current: bool = Field(description="Là mã đang dùng cho chính yêu cầu này")


@router.post("/auth/token", auth=None, response={201: TokenCreated, **ERRORS, 429: ErrorOut})
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    """Cấp mã truy cập (Bearer), hiệu lực 30 ngày (cấu hình DANGVU_API_TOKEN_DAYS). Mã chỉ hiển thị một lần; hệ thống
    chỉ lưu bản băm SHA-256. Sai mật khẩu 5 lần liên tiếp: tạm khóa 15 phút (429)."""
    key = token_issue(username=payload.username, password=payload.password, request=request, name=payload.name,
                      otp=payload.otp)
    return Status(201, {"token": key})


@router.get("/auth/tokens", response={200: list[TokenOut], **ERRORS})
def token_list(request: HttpRequest) -> list[dict[str, object]]:
    """Các mã truy cập của chính người dùng (cả mã đã thu hồi hoặc hết hạn)."""
    current = getattr(request, "api_token", None)
    return [
        {"id": t.pk, "name": t.name, "created_at": t.created_at, "expires_at": t.expires_at,
         "last_used_at": t.last_used_at, "revoked_at": t.revoked_at, "current": current is not None and
         current.pk == t.pk}
        for t in tokens_of(caller(request))
    ]


@router.delete("/auth/tokens/{token_id}", response={204: None, **ERRORS})
def token_delete(request: HttpRequest, token_id: int) -> Status:
    """Thu hồi một mã truy cập của chính mình; mã của người khác trả 404 như mã không tồn tại."""
    token_revoke(actor=caller(request), token_id=token_id)
    return Status(204, None)


@router.post("/auth/logout", response={204: None, **ERRORS})
def logout(request: HttpRequest) -> Status:
    """Đăng xuất: thu hồi mã truy cập đang dùng."""
    token = request.api_token  # type: ignore[attr-defined]  # set by dangvu.api.auth.BearerToken
    token_revoke(actor=caller(request), token_id=token.pk)
    return Status(204, None)
