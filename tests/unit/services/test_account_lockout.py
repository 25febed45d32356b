"""Growing sign-in delays, the same for unknown names; unlock, reset, audit, role edits.

The service reads the time from a clock the test steps forward: no test sleeps.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, PermissionDeniedError, ValidationError
from nlts_desktop.paths import data_paths
from nlts_desktop.services.accounts import (
    AccountService,
    lock_delay,
    locked_error,
    wait_text,
)
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import User
from tests.conftest import WENJIANG

PASSWORD = "wenjiang2022"
WRONG = "not-the-password-9"


class Clock:
    """A clock the test moves by hand (UTC, aware)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(workspace: Workspace, clock: Clock) -> AccountService:
    """The workspace with accounts ``admin`` and ``look`` (a viewer), on the test's clock."""
    service = AccountService(workspace.context, clock=clock)
    service.create_first_admin(username="admin", display_name="王主任", password=PASSWORD)
    service.create_user(
        username="look", display_name="李查看", role=Role.VIEWER, password=PASSWORD, school_id=None
    )
    return service


def _row(workspace: Workspace, username: str) -> User:
    with workspace.context.read() as session:
        row = session.scalars(select(User).where(User.username == username)).one()
        session.expunge(row)
        return row


def _attempt(accounts: AccountService, username: str, password: str) -> tuple[str, str]:
    """(code, message) of a failed sign-in, or ("ok", username) of a good one."""
    try:
        actor = accounts.authenticate(username, password)
    except AppError as exc:
        return exc.code, exc.message
    return "ok", actor.username


def _user_id(accounts: AccountService, username: str) -> int:
    return next(u.id for u in accounts.list_users() if u.username == username)


# ---------------------------------------------------------------- the schedule


def test_delay_schedule_doubles_from_the_third_failure_up_to_15_minutes() -> None:
    assert [lock_delay(n) for n in (0, 1, 2)] == [None, None, None]
    assert [lock_delay(n) for n in (3, 4, 5, 6, 7, 8, 9, 50, 10**6)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
        timedelta(minutes=15),
        timedelta(minutes=15),
        timedelta(minutes=15),
        timedelta(minutes=15),
    ]
    assert wait_text(timedelta(seconds=30)) == "30 秒"
    assert wait_text(timedelta(seconds=0.2)) == "1 秒"
    assert wait_text(timedelta(seconds=61)) == "2 分钟"
    assert locked_error(timedelta(minutes=15)).message == (
        "登录失败次数过多，请在 15 分钟后重试，或请管理员解锁。"
    )


def test_three_failures_lock_the_account_even_against_the_right_password(
    workspace: Workspace, accounts: AccountService, clock: Clock
) -> None:
    assert _attempt(accounts, "admin", WRONG) == ("auth.failed", "用户名或密码错误。")
    assert _attempt(accounts, "admin", WRONG) == ("auth.failed", "用户名或密码错误。")
    assert _attempt(accounts, "admin", WRONG) == (
        "auth.locked",
        "登录失败次数过多，请在 30 秒后重试，或请管理员解锁。",
    )
    row = _row(workspace, "admin")
    assert row.failed_attempts == 3
    assert row.locked_until == clock.now + timedelta(seconds=30)  # stored in UTC

    clock.advance(20)
    assert _attempt(accounts, "admin", PASSWORD) == (
        "auth.locked",
        "登录失败次数过多，请在 10 秒后重试，或请管理员解锁。",
    )
    # Attempts while locked are not counted and do not push the lock further out.
    assert _attempt(accounts, "ADMIN", WRONG)[0] == "auth.locked"
    assert _row(workspace, "admin").failed_attempts == 3

    clock.advance(10)  # the delay has run out exactly
    assert _attempt(accounts, "admin", PASSWORD) == ("ok", "admin")
    row = _row(workspace, "admin")
    assert (row.failed_attempts, row.locked_until) == (0, None)
    assert row.last_login_at == clock.now


def test_each_further_failure_doubles_the_delay_up_to_the_cap(
    workspace: Workspace, accounts: AccountService, clock: Clock
) -> None:
    for _ in range(2):
        _attempt(accounts, "look", WRONG)
    waits = []
    for _ in range(7):
        code, message = _attempt(accounts, "look", WRONG)
        assert code == "auth.locked"
        waits.append(message.removeprefix("登录失败次数过多，请在 ").split("后重试")[0])
        locked_until = _row(workspace, "look").locked_until
        assert locked_until is not None
        clock.now = locked_until  # wait it out, then fail again
    assert waits == ["30 秒", "1 分钟", "2 分钟", "4 分钟", "8 分钟", "15 分钟", "15 分钟"]
    assert _row(workspace, "look").failed_attempts == 9


def test_an_unknown_name_gets_the_same_messages_on_the_same_schedule(
    accounts: AccountService, clock: Clock
) -> None:
    def run(username: str, password_at_the_end: str) -> list[tuple[str, str]]:
        seen = [_attempt(accounts, username, WRONG) for _ in range(4)]
        clock.advance(29)
        seen.append(_attempt(accounts, username, WRONG))
        clock.advance(2)
        seen.append(_attempt(accounts, username, WRONG))  # the 4th failure: 1 minute
        clock.advance(59)
        seen.append(_attempt(accounts, username, password_at_the_end))
        return seen

    start = clock.now
    known = run("look", PASSWORD)
    clock.now = start
    unknown = run("nobody.here", PASSWORD)
    assert known == unknown
    assert [code for code, _ in known] == ["auth.failed"] * 2 + ["auth.locked"] * 5
    assert known[-1][1] == "登录失败次数过多，请在 1 秒后重试，或请管理员解锁。"
    # Names are normalised the same way as accounts' (full-width, case, spaces).
    assert _attempt(accounts, " ＮＯＢＯＤＹ.here ", WRONG)[0] == "auth.locked"
    # And a name that is not even a valid username is treated like any other.
    assert [_attempt(accounts, "a b", WRONG)[0] for _ in range(3)] == [
        "auth.failed",
        "auth.failed",
        "auth.locked",
    ]


def test_admin_unlocks_and_reset_password_unlocks(
    workspace: Workspace, accounts: AccountService, clock: Clock
) -> None:
    for _ in range(5):
        _attempt(accounts, "look", WRONG)
    look = _user_id(accounts, "look")
    record = next(u for u in accounts.list_users() if u.id == look)
    assert record.locked_at(clock.now) and record.failed_attempts == 3  # 2 more while locked
    unlocked = accounts.unlock(look)
    assert not unlocked.locked_at(clock.now) and unlocked.failed_attempts == 0
    assert _attempt(accounts, "look", PASSWORD) == ("ok", "look")

    for _ in range(3):
        _attempt(accounts, "look", WRONG)
    accounts.reset_password(look, "new-password-77")
    row = _row(workspace, "look")
    assert (row.failed_attempts, row.locked_until) == (0, None)
    assert _attempt(accounts, "look", "new-password-77") == ("ok", "look")


def test_reset_password_is_not_for_your_own_account(workspace: Workspace) -> None:
    accounts = workspace.accounts
    accounts.create_first_admin(username="admin", display_name="王主任", password=PASSWORD)
    workspace.act_as(accounts.authenticate("admin", PASSWORD))
    with pytest.raises(PermissionDeniedError) as caught:
        accounts.reset_password(_user_id(accounts, "admin"), "new-password-77")
    assert caught.value.code == "account.self_reset"
    assert "修改密码" in caught.value.message
    assert accounts.authenticate("admin", PASSWORD).username == "admin"


def test_a_wrong_old_password_counts_as_a_failed_sign_in(
    workspace: Workspace, accounts: AccountService, clock: Clock
) -> None:
    own = AccountService(workspace.context, clock=clock)
    workspace.act_as(own.authenticate("look", PASSWORD))
    for _ in range(2):
        with pytest.raises(ValidationError) as wrong:
            own.change_password(WRONG, "new-password-77")
        assert wrong.value.code == "password.wrong_old"
    with pytest.raises(AppError) as caught:
        own.change_password(WRONG, "new-password-77")
    assert caught.value.code == "auth.locked"
    with pytest.raises(AppError) as caught:
        own.change_password(PASSWORD, "new-password-77")  # the right one waits too
    assert caught.value.code == "auth.locked"
    clock.advance(30)
    own.change_password(PASSWORD, "new-password-77")
    assert _row(workspace, "look").failed_attempts == 0
    assert _attempt(own, "look", "new-password-77") == ("ok", "look")


def test_a_disabled_account_fails_like_a_wrong_password(accounts: AccountService) -> None:
    accounts.set_active(_user_id(accounts, "look"), False)
    assert _attempt(accounts, "look", PASSWORD) == _attempt(accounts, "nobody", PASSWORD)


# ---------------------------------------------------------------- the audit log


def test_sign_ins_are_audited_without_the_password(
    workspace: Workspace, accounts: AccountService
) -> None:
    typed_as_name = "Secret-Typed-In-Name"
    assert _attempt(accounts, " Look ", WRONG)[0] == "auth.failed"
    assert _attempt(accounts, "look", PASSWORD) == ("ok", "look")
    assert _attempt(accounts, "nobody", "another-secret-1")[0] == "auth.failed"
    assert _attempt(accounts, typed_as_name, WRONG)[0] == "auth.failed"
    with workspace.context.read() as session:
        rows = session.execute(text("SELECT * FROM audit_entries ORDER BY id")).all()
    events = [r for r in rows if r.action in ("login", "login_failed")]
    assert [(r.action, json.loads(r.after_json)["username"]) for r in events] == [
        ("login_failed", "look"),
        ("login", "look"),
        ("login_failed", "nobody"),
        ("login_failed", typed_as_name.casefold()),
    ]
    assert json.loads(events[0].after_json)["failures"] == 1
    assert events[1].summary == "登录成功：look"
    assert all(r.entity == "users" for r in events)
    everything = "\n".join(str(value) for row in rows for value in row)
    for secret in (PASSWORD, WRONG, "another-secret-1"):
        assert secret not in everything


def test_a_read_only_workspace_still_signs_in_and_writes_nothing(
    tmp_path: Path, clock: Clock
) -> None:
    paths = data_paths(tmp_path / "ro")
    with Workspace.create(paths, WENJIANG, actor=Actor.system("admin")) as made:
        made.accounts.create_first_admin(username="admin", display_name="王主任", password=PASSWORD)
    with Workspace.open(paths, actor=Actor.system("sign-in"), read_only=True) as reopened:
        accounts = AccountService(reopened.context, clock=clock)
        with reopened.context.read() as session:
            before = session.execute(text("SELECT count(*) FROM audit_entries")).scalar_one()
        seen = [_attempt(accounts, "admin", WRONG)[0] for _ in range(3)]
        assert seen == ["auth.failed", "auth.failed", "auth.locked"]  # counted in memory
        clock.advance(30)
        assert _attempt(accounts, "admin", PASSWORD) == ("ok", "admin")
        with reopened.context.read() as session:
            after = session.execute(text("SELECT count(*) FROM audit_entries")).scalar_one()
            row = session.scalars(select(User)).one()
            assert (row.failed_attempts, row.last_login_at) == (0, None)
        assert after == before


# ---------------------------------------------------------------- editing accounts


def test_update_user_changes_name_role_and_school(
    workspace: Workspace, accounts: AccountService, school: int
) -> None:
    look = _user_id(accounts, "look")
    record = accounts.update_user(
        look, display_name="李老师", role=Role.SCHOOL_COORDINATOR, school_id=school
    )
    assert (record.display_name, record.role, record.school_id) == (
        "李老师",
        Role.SCHOOL_COORDINATOR,
        school,
    )
    assert accounts.authenticate("look", PASSWORD).school_id == school
    with pytest.raises(ValidationError) as caught:
        accounts.update_user(look, display_name="李老师", role=Role.VIEWER, school_id=school)
    assert caught.value.code == "account.school_not_allowed"
    with pytest.raises(AppError) as stale:
        accounts.update_user(
            look, display_name="李", role=Role.VIEWER, school_id=None, version=record.version - 1
        )
    assert stale.value.code == "db.stale"


def test_an_admin_cannot_demote_themselves_or_the_last_admin(
    workspace: Workspace, accounts: AccountService
) -> None:
    admin = _user_id(accounts, "admin")
    workspace.act_as(accounts.authenticate("admin", PASSWORD))
    with pytest.raises(PermissionDeniedError) as caught:
        accounts.update_user(admin, display_name="王主任", role=Role.VIEWER, school_id=None)
    assert caught.value.code == "account.self_role"
    workspace.act_as(Actor("someone.else", Role.COUNTY_ADMIN))
    with pytest.raises(ValidationError) as last:
        accounts.update_user(admin, display_name="王主任", role=Role.VIEWER, school_id=None)
    assert last.value.code == "account.last_admin"
    # Renaming is fine, and so is demoting once another administrator exists.
    assert accounts.update_user(
        admin, display_name="王局长", role=Role.COUNTY_ADMIN, school_id=None
    ).display_name == ("王局长")
    accounts.update_user(
        _user_id(accounts, "look"), display_name="李", role=Role.COUNTY_ADMIN, school_id=None
    )
    demoted = accounts.update_user(admin, display_name="王", role=Role.VIEWER, school_id=None)
    assert demoted.role is Role.VIEWER
