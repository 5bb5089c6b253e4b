"""factory_boy factories that write through the services, so projections, spans and audit rows exist
exactly as they would in production (a factory never writes a projection by hand).

Call `MemberFactory.create(...)` rather than `MemberFactory(...)`: both build the same row, but only
`create` is typed as returning the model (factory_boy leaves `Factory(...)` untyped)."""

from datetime import date
from typing import Any

import factory
from django.contrib.auth.models import User

from dangvu.accounts.models import Assignment
from dangvu.members.models import Member
from dangvu.members.services import member_record
from dangvu.orgs.models import Organization, OrgKind, Sector
from dangvu.orgs.services import org_found

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = {"M": ["Văn", "Đức", "Quang", "Minh"], "F": ["Thị", "Thu", "Ngọc", "Thanh"]}
GIVEN = {"M": ["An", "Bình", "Cường", "Dũng", "Hải", "Long"], "F": ["Anh", "Ánh", "Hạnh", "Lan", "Mai", "Yến"]}


def superuser() -> User:
    """The actor factories write as (created once per test transaction)."""
    user = User.objects.filter(username="factory-root").first()
    return user or User.objects.create_superuser("factory-root", password="matkhau-123")


def vietnamese_name(n: int, sex: str) -> str:
    return f"{FAMILY[n % len(FAMILY)]} {MIDDLE[sex][n % 4]} {GIVEN[sex][(n // 3) % 6]}"


def _assign(user: User, create: bool, extracted: tuple[Organization, str] | None, **kwargs: Any) -> None:
    """UserFactory.create(assignment=(org, role)) gives the user one assignment."""
    if create and extracted:
        org, role = extracted
        Assignment.objects.create(user=user, organization=org, role=role)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    password = factory.PostGenerationMethodCall("set_password", "matkhau-123")
    assignment = factory.PostGeneration(_assign)


class OrgFactory(factory.Factory[Organization]):
    """OrgFactory.create(parent=bloc) founds a grassroots cell under `bloc` through org_found."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    kind = OrgKind.GRASSROOTS_CELL
    parent = None
    founded_on = date(2000, 1, 1)
    sector = Sector.OTHER
    document = ""

    @classmethod
    def _create(cls, model_class: type, *args: Any, actor: User | None = None, **kwargs: Any) -> Organization:
        return org_found(actor=actor or superuser(), **kwargs)


class ProvinceFactory(OrgFactory):
    name = factory.Sequence(lambda n: f"Đảng bộ tỉnh {n}")
    kind = OrgKind.PROVINCIAL_COMMITTEE
    founded_on = date(1950, 1, 1)


class MemberFactory(factory.Factory[Member]):
    """MemberFactory.create(organization=cell) records a member through member_record (admitted 1/1/2016)."""

    class Meta:
        model = Member

    organization = None
    sex = factory.Iterator(["M", "F"])
    full_name = factory.LazyAttributeSequence(lambda o, n: vietnamese_name(n, o.sex))
    birth_date = date(1975, 6, 15)
    admitted_on = date(2016, 1, 1)
    ceremony_on = factory.LazyAttribute(lambda o: o.admitted_on)
    full_on = None
    citizen_id = factory.Sequence(lambda n: f"0371{n:08d}")
    card_number = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, actor: User | None = None, **kwargs: Any) -> Member:
        return member_record(actor=actor or superuser(), **kwargs)
