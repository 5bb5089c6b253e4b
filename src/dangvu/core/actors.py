"""Who does a write: the signed-in user (request.user), a token's user, or None for the system (demo data,
migrations). Every service takes `actor: Actor`."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = User | AnonymousUser


def recorded_by(actor: Actor | None) -> User | None:
    """The user to store as the author of a row (None for anonymous or system writes)."""
    return actor if isinstance(actor, User) and actor.pk else None
