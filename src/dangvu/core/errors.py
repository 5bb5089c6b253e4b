"""Errors services raise; views and the API turn them into Vietnamese messages (never a 500)."""


class DomainError(Exception):
    """A refused write or query: `field` names the input, `rule` the rule that refused it."""

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.rule = rule

    def as_dict(self) -> dict[str, str | None]:
        return {"detail": self.message, "field": self.field, "rule": self.rule}


class NotVisible(Exception):
    """The record does not exist or lies outside the user's scope: answered as 404 either way."""


class NotAllowed(Exception):
    """The user may see the record but not change it (403)."""


# A second request changed the same record at the same moment and the database refused it (answered 409).
CONFLICT_MESSAGE = (
    "Hồ sơ này vừa được người khác cập nhật cùng lúc nên thao tác của bạn chưa được ghi. "
    "Hãy tải lại trang, kiểm tra rồi thực hiện lại."
)
