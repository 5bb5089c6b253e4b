"""The signed-in user's assignments (role — organisation) for the header."""

from typing import Any

from django.http import HttpRequest

from dangvu.accounts.models import ROLE_ACTIONS, Assignment


def current_user(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def load() -> list[Assignment]:
        cached = getattr(request, "_dangvu_assignments", None)
        if cached is None:
            cached = list(
                Assignment.objects.filter(user=user).select_related("organization").order_by("organization__path")
            )
            request._dangvu_assignments = cached  # type: ignore[attr-defined]
        return cached

    assignments = load()
    return {
        "my_assignments": assignments,
        "is_auditor": user.is_superuser or any("admin" in ROLE_ACTIONS[a.role] for a in assignments),
    }
