"""Accounts: password hashes, the password rule, sign-in, and who may write what."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

import pytest
from sqlalchemy import select

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import (
    AppError,
    DuplicateError,
    PermissionDeniedError,
    ValidationError,
)
from nlts_desktop.domain.passwords import (
    hash_password,
    normalize_username,
    validate_password,
    verify_password,
)
from nlts_desktop.services.accounts import AccountService
from nlts_desktop.services.context import Actor, ServiceContext
from nlts_desktop.services.schools import SchoolService
from nlts_desktop.services.teachers import TeacherService
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import User

PASSWORD = "wenjiang2022"
TEACHER = {"id_number": "11010519491231002X", "name": "张丽", "school": "2151000001"}
OTHER_TEACHER = {"id_number": "440524188001010014", "name": "李明", "school": "2151000002"}


def _services(workspace: Workspace, actor: Actor) -> ServiceContext:
    return ServiceContext(workspace.db, actor)


def _user_row(workspace: Workspace, username: str) -> User:
    with workspace.context.read() as session:
        row = session.scalars(select(User).where(User.username == username)).one()
        session.expunge(row)
        return row


@pytest.fixture
def admin(workspace: Workspace) -> Workspace:
    """The workspace with its first administrator ``admin``."""
    workspace.accounts.create_first_admin(
        username="admin", display_name="王主任", password=PASSWORD
    )
    return workspace


@pytest.fixture
def two_schools(workspace: Workspace, school: int) -> tuple[int, int]:
    """Two schools, one teacher in each; returns the school ids."""
    other = workspace.schools.create(
        {"code": "2151000002", "name": "温江区第二小学", "urban_rural": "111", "environments": "A"}
    )
    workspace.teachers.create(TEACHER)
    workspace.teachers.create(OTHER_TEACHER)
    return school, other.id


# ---------------------------------------------------------------- hashing and rules


def test_hash_round_trip_and_format() -> None:
    stored = hash_password("Secret-密码-1")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "32768", "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32
    expected = hashlib.scrypt(
        b"Secret-\xe5\xaf\x86\xe7\xa0\x81-1",
        salt=base64.b64decode(salt),
        n=2**15,
        r=8,
        p=1,
        maxmem=64 * 1024 * 1024,
        dklen=32,
    )
    assert base64.b64decode(digest) == expected
    assert verify_password("Secret-密码-1", stored)
    assert not verify_password("Secret-密码-2", stored)
    assert hash_password("Secret-密码-1") != stored  # a fresh salt every time


def test_full_width_password_matches_half_width() -> None:
    assert verify_password("ａｂｃ１２３４５", hash_password("abc12345"))


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "bcrypt$1$2$3$4$5", "scrypt$x$8$1$AAAA$AAAA", "scrypt$32768$8$1$!!$AAAA",
     "scrypt$1048576$16$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA", "scrypt$1000$8$1$AAAA$AAAA"],
)  # fmt: skip
def test_malformed_hash_never_verifies(stored: str) -> None:
    assert not verify_password("anything", stored)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("abc123", "至少需要 8 个字符"),
        ("12345678", "不能全是数字"),
        ("１２３４５６７８９", "不能全是数字"),
        ("Wang.Li", "至少需要 8 个字符"),
        ("wang.li.x", "不能与用户名相同"),
    ],
)
def test_weak_passwords(password: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, username="wang.li.x")
    assert caught.value.code == "password.weak"
    assert reason in caught.value.message


def test_username_is_normalised() -> None:
    assert normalize_username("  Ｗang.Li ") == "wang.li"
    assert normalize_username("张老师") == "张老师"
    for bad in ("ab", "wang li", "a" * 33, "wang@li", ""):
        with pytest.raises(ValidationError):
            normalize_username(bad)


# ---------------------------------------------------------------- first admin and sign-in


def test_first_admin_only_once(workspace: Workspace) -> None:
    assert not workspace.accounts.has_users()
    record = workspace.accounts.create_first_admin(
        username=" Admin ", display_name="王主任", password=PASSWORD
    )
    assert record.username == "admin"
    assert record.role is Role.COUNTY_ADMIN
    assert record.school_id is None
    assert workspace.accounts.has_users()
    with pytest.raises(AppError) as caught:
        workspace.accounts.create_first_admin(
            username="second", display_name="李", password=PASSWORD
        )
    assert caught.value.code == "account.first_exists"
    assert [u.username for u in workspace.accounts.list_users()] == ["admin"]


def test_first_admin_refuses_weak_password(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as caught:
        workspace.accounts.create_first_admin(
            username="admin", display_name="王主任", password="12345678"
        )
    assert caught.value.code == "password.weak"
    assert not workspace.accounts.has_users()


def test_authenticate_success(admin: Workspace) -> None:
    actor = admin.accounts.authenticate("ADMIN", PASSWORD)
    assert actor == Actor(username="admin", role=Role.COUNTY_ADMIN, school_id=None)
    row = _user_row(admin, "admin")
    assert row.last_login_at is not None
    assert row.failed_attempts == 0


def test_authenticate_failures_say_the_same_thing(admin: Workspace) -> None:
    messages = []
    for username, password in (("nobody", PASSWORD), ("admin", "wrong-password"), ("", "")):
        with pytest.raises(AppError) as caught:
            admin.accounts.authenticate(username, password)
        assert caught.value.code == "auth.failed"
        messages.append(caught.value.message)
    assert messages == ["用户名或密码错误。"] * 3


def test_failed_attempts_are_counted_and_reset(admin: Workspace) -> None:
    for _ in range(2):
        with pytest.raises(AppError):
            admin.accounts.authenticate("admin", "wrong-password")
    assert _user_row(admin, "admin").failed_attempts == 2
    admin.accounts.authenticate("admin", PASSWORD)
    assert _user_row(admin, "admin").failed_attempts == 0


def test_inactive_user_cannot_sign_in(admin: Workspace, school: int) -> None:
    record = admin.accounts.create_user(
        username="xiao.wang",
        display_name="小王",
        role=Role.SCHOOL_COORDINATOR,
        password=PASSWORD,
        school_id=school,
    )
    actor = admin.accounts.authenticate("xiao.wang", PASSWORD)
    assert actor.school_id == school
    assert actor.role is Role.SCHOOL_COORDINATOR
    admin.accounts.set_active(record.id, False)
    with pytest.raises(AppError) as caught:
        admin.accounts.authenticate("xiao.wang", PASSWORD)
    assert caught.value.message == "用户名或密码错误。"


# ---------------------------------------------------------------- administration


def test_create_user_rules(admin: Workspace, school: int) -> None:
    admin.act_as(admin.accounts.authenticate("admin", PASSWORD))
    accounts = admin.accounts
    with pytest.raises(ValidationError) as caught:
        accounts.create_user(
            username="coord", display_name="甲", role=Role.SCHOOL_COORDINATOR,
            password=PASSWORD, school_id=None,
        )  # fmt: skip
    assert caught.value.code == "account.school_required"
    with pytest.raises(ValidationError) as caught:
        accounts.create_user(
            username="rev", display_name="乙", role=Role.COUNTY_REVIEWER,
            password=PASSWORD, school_id=school,
        )  # fmt: skip
    assert caught.value.code == "account.school_not_allowed"
    accounts.create_user(
        username="rev", display_name="乙", role=Role.COUNTY_REVIEWER,
        password=PASSWORD, school_id=None,
    )  # fmt: skip
    with pytest.raises(DuplicateError):
        accounts.create_user(
            username="REV", display_name="丙", role=Role.VIEWER,
            password=PASSWORD, school_id=None,
        )  # fmt: skip
    assert [u.username for u in accounts.list_users()] == ["admin", "rev"]


def test_cannot_deactivate_yourself(admin: Workspace) -> None:
    admin.act_as(admin.accounts.authenticate("admin", PASSWORD))
    own = admin.accounts.list_users()[0]
    with pytest.raises(PermissionDeniedError):
        admin.accounts.set_active(own.id, False)
    assert admin.accounts.list_users()[0].active


def test_change_password(admin: Workspace) -> None:
    admin.act_as(admin.accounts.authenticate("admin", PASSWORD))
    with pytest.raises(ValidationError) as caught:
        admin.accounts.change_password("not-the-old-one", "new-password-1")
    assert caught.value.code == "password.wrong_old"
    with pytest.raises(ValidationError):
        admin.accounts.change_password(PASSWORD, "admin")
    admin.accounts.change_password(PASSWORD, "new-password-1")
    assert admin.accounts.authenticate("admin", "new-password-1").username == "admin"
    with pytest.raises(AppError):
        admin.accounts.authenticate("admin", PASSWORD)


# ---------------------------------------------------------------- permissions


def test_viewer_cannot_write(admin: Workspace, two_schools: tuple[int, int]) -> None:
    context = _services(admin, Actor("look", Role.VIEWER))
    own, _other = two_schools
    teacher_id = admin.teachers.find_by_id_number(TEACHER["id_number"]).id
    with pytest.raises(PermissionDeniedError):
        TeacherService(context).set_active(teacher_id, False)
    with pytest.raises(PermissionDeniedError):
        TeacherService(context).create(
            {"id_number": "110105200001010016", "name": "赵", "school": "2151000001"}
        )
    with pytest.raises(PermissionDeniedError):
        SchoolService(context).set_active(own, False)
    with pytest.raises(PermissionDeniedError):
        AccountService(context).create_user(
            username="someone", display_name="某人", role=Role.VIEWER,
            password=PASSWORD, school_id=None,
        )  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        AccountService(context).list_users()


def test_school_coordinator_edits_only_own_school(
    admin: Workspace, two_schools: tuple[int, int]
) -> None:
    own, other = two_schools
    context = _services(admin, Actor("coord", Role.SCHOOL_COORDINATOR, school_id=own))
    teachers = TeacherService(context)
    mine = admin.teachers.find_by_id_number(TEACHER["id_number"])
    theirs = admin.teachers.find_by_id_number(OTHER_TEACHER["id_number"])

    updated = teachers.update(mine.id, {**TEACHER, "phone": "13812345678"})
    assert updated.phone == "13812345678"
    assert teachers.set_active(mine.id, False).status == "inactive"
    created = teachers.create(
        {"id_number": "110105200001010016", "name": "赵", "school": "2151000001"}
    )
    assert created.school_id == own

    with pytest.raises(PermissionDeniedError) as caught:
        teachers.update(theirs.id, {**OTHER_TEACHER, "phone": "13812345678"})
    assert caught.value.code == "permission.other_school"
    assert "其他学校" in caught.value.message
    with pytest.raises(PermissionDeniedError):
        teachers.set_active(theirs.id, False)
    with pytest.raises(PermissionDeniedError):
        teachers.create({"id_number": "110105200001010024", "name": "钱", "school": "2151000002"})
    with pytest.raises(PermissionDeniedError):
        teachers.transfer(mine.id, to_school="2151000002", on=date(2024, 9, 1))
    with pytest.raises(PermissionDeniedError):
        teachers.delete(created.id)
    with pytest.raises(PermissionDeniedError):
        SchoolService(context).create(
            {"code": "2151000003", "name": "温江区第三小学", "urban_rural": "111",
             "environments": "A"}
        )  # fmt: skip
    assert admin.teachers.get(theirs.id).phone is None
    assert admin.teachers.get(theirs.id).school_id == other


def test_county_reviewer_cannot_register_teachers(
    admin: Workspace, two_schools: tuple[int, int]
) -> None:
    context = _services(admin, Actor("rev", Role.COUNTY_REVIEWER))
    with pytest.raises(PermissionDeniedError) as caught:
        TeacherService(context).create(
            {"id_number": "110105200001010016", "name": "赵", "school": "2151000001"}
        )
    assert "区县审核员" in caught.value.message
