"""Shared fixtures: a small province built through the services, and users at each level."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from dangvu.accounts.models import Assignment, Role
from dangvu.members.models import Member
from dangvu.members.services import member_record
from dangvu.orgs.models import Organization
from dangvu.orgs.services import org_found


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher() -> None:
    """PBKDF2 costs ~0.3 s per user; tests only need passwords to round-trip."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Both are functools.lru_cache wrappers in Django; django-stubs declares them as plain functions.
    get_hashers.cache_clear()  # type: ignore[attr-defined]
    get_hashers_by_algorithm.cache_clear()  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Kept results (dangvu.core.cache) are keyed by the newest audit entry, whose id a rolled-back test reuses."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    root_user: User
    province: Organization
    bloc: Organization
    local: Organization
    committee: Organization  # đảng bộ cơ sở under the bloc
    cell_a: Organization  # chi bộ trực thuộc of `committee`
    cell_b: Organization  # chi bộ trực thuộc of `committee`
    cell_c: Organization  # chi bộ cơ sở under the bloc
    cell_l: Organization  # chi bộ cơ sở under the local committee
    admin: User  # province administrator
    officer: User  # bloc committee officer
    secretary: User  # secretary of cell_a
    other_secretary: User  # secretary of cell_l (another subtree)
    viewer: User  # viewer of the bloc
    hanh: Member  # Nguyễn Thị Hồng Hạnh, full member in cell_a
    binh: Member  # Trần Văn Bình, probationary in cell_b
    anh: Member  # Lê Thị Ánh, in cell_l


def make_user(username: str, org: Organization | None, role: str | None, **extra: Any) -> User:
    user = User.objects.create_user(username=username, password="matkhau-123", **extra)
    if org is not None and role is not None:
        Assignment.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(db: None) -> World:
    root = User.objects.create_superuser("root", password="matkhau-123")
    province = org_found(
        actor=root, name="Đảng bộ tỉnh Ninh Bình", kind="provincial_committee", parent=None,
        founded_on=date(1950, 1, 1),
    )
    bloc = org_found(
        actor=root, name="Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", kind="bloc_committee",
        parent=province, founded_on=date(2008, 3, 1),
    )
    local = org_found(
        actor=root, name="Đảng bộ thành phố Hoa Lư", kind="local_committee", parent=province,
        founded_on=date(1976, 1, 1),
    )
    committee = org_found(
        actor=root, name="Đảng bộ Sở Y tế", kind="grassroots_committee", parent=bloc,
        founded_on=date(2008, 3, 1), sector="state_agency",
    )
    cell_a = org_found(
        actor=root, name="Chi bộ Văn phòng Sở", kind="subordinate_cell", parent=committee,
        founded_on=date(2008, 3, 1), sector="state_agency",
    )
    cell_b = org_found(
        actor=root, name="Chi bộ Phòng Nghiệp vụ", kind="subordinate_cell", parent=committee,
        founded_on=date(2008, 3, 1), sector="state_agency",
    )
    cell_c = org_found(
        actor=root, name="Chi bộ Công ty TNHH May Nam Sơn", kind="grassroots_cell", parent=bloc,
        founded_on=date(2015, 6, 1), sector="non_state_enterprise",
    )
    cell_l = org_found(
        actor=root, name="Chi bộ phường Đông Thành", kind="grassroots_cell", parent=local,
        founded_on=date(1990, 1, 1), sector="other",
    )
    hanh = member_record(
        actor=root, organization=cell_a, full_name="Nguyễn Thị Hồng Hạnh", sex="F", birth_date=date(1975, 5, 2),
        admitted_on=date(2000, 3, 1), ceremony_on=date(2000, 3, 10), full_on=date(2001, 3, 10),
        joined_on=date(2008, 3, 1), citizen_id="037175000123", card_number="10234567",
    )
    binh = member_record(
        actor=root, organization=cell_b, full_name="Trần Văn Bình", sex="M", birth_date=date(1995, 8, 19),
        admitted_on=date(2026, 1, 5), ceremony_on=date(2026, 1, 15),
    )
    anh = member_record(
        actor=root, organization=cell_l, full_name="Lê Thị Ánh", sex="F", birth_date=date(1988, 2, 1),
        admitted_on=date(2012, 5, 1), ceremony_on=date(2012, 5, 19), full_on=date(2013, 5, 19),
    )
    return World(
        root_user=root, province=province, bloc=bloc, local=local, committee=committee, cell_a=cell_a,
        cell_b=cell_b, cell_c=cell_c, cell_l=cell_l,
        admin=make_user("quantri", province, Role.PROVINCE_ADMIN),
        officer=make_user("canbo.khoi", bloc, Role.COMMITTEE_OFFICER),
        secretary=make_user("bithu.vanphong", cell_a, Role.CELL_SECRETARY),
        other_secretary=make_user("bithu.dongthanh", cell_l, Role.CELL_SECRETARY),
        viewer=make_user("xem.khoi", bloc, Role.VIEWER),
        hanh=hanh, binh=binh, anh=anh,
    )


@pytest.fixture(autouse=True)
def _catalogue(request: pytest.FixtureRequest) -> None:
    """The document type and issuer catalogue the data migration seeds, for every test with a database: a
    transactional test that ran earlier in the same worker (live server, round trip, page conflict) empties every
    table, data migrations' rows included (tests of any app register documents: imports, members, documents)."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    import importlib

    from django.apps import apps as django_apps

    from dangvu.documents.models import DocumentType

    if not DocumentType.objects.exists():
        importlib.import_module("dangvu.documents.migrations.0002_seed_types_and_issuers").seed(django_apps, None)
