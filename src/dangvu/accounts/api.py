"""POST /auth/token: exchange a username and password for a bearer token."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from dangvu.core.api import ErrorOut

from .tokens import token_issue

router = Router(tags=["Xác thực"])


class TokenIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=128)


class TokenOut(Schema):
    token: str


@router.post("/auth/token", auth=None, response={201: TokenOut, 401: ErrorOut, 422: ErrorOut})
def token_create(request: HttpRequest, payload: TokenIn):
    """Cấp mã truy cập (Bearer). Mã chỉ hiển thị một lần; hệ thống chỉ lưu bản băm SHA-256."""
    return Status(201, {"token": token_issue(username=payload.username, password=payload.password, request=request)})
