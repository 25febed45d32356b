"""Accounts: the first administrator, sign-in, users and their roles (账号).

Sign-in never says whether the username or the password was wrong, and an unknown username
costs the same scrypt work as a known one, so neither the message nor the time tells a
stranger which accounts exist.

Growing delays: after ``LOCK_AFTER`` (3) failed sign-ins in a row an account is locked for
30 s; each further failure doubles the delay (1 min, 2 min, 4 min, 8 min) up to 15 min.  The
lock is stored in ``users.locked_until`` (UTC), so it outlives a restart; while it runs even
the right password is refused, and attempts do not count (the delay is not pushed further
out).  A name with no account follows exactly the same schedule, kept in memory for as long
as the program runs, so the lock message does not tell a stranger which accounts exist
either.  An administrator unlocks an account (:meth:`AccountService.unlock`); resetting its
password unlocks it too.  Every sign-in, good or failed, is an audit event ("login",
"login_failed": the username as typed and normalised, never the password).
"""

from __future__ import annotations

import math
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import (
    AppError,
    DuplicateError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from nlts_desktop.domain.passwords import (
    hash_password,
    normalize_username,
    validate_password,
    verify_password,
)
from nlts_desktop.domain.text import normalize_text
from nlts_desktop.services.context import ADMIN_ROLES, Actor, ServiceContext, stale_error
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.models import School, User

DISPLAY_NAME_MAX_LENGTH = 64
AUTH_FAILED_MESSAGE = "用户名或密码错误。"
# Failed sign-ins in a row before the first delay, the first delay, and the longest.
LOCK_AFTER = 3
LOCK_FIRST = timedelta(seconds=30)
LOCK_LONGEST = timedelta(minutes=15)
# Names without an account whose failures are remembered (the oldest are forgotten first).
_UNKNOWN_NAMES_KEPT = 1024
_TYPED_NAME_MAX_LENGTH = 64


@dataclass(frozen=True)
class UserRecord:
    """An account as the UI sees it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    school_id: int | None
    active: bool
    last_login_at: datetime | None
    failed_attempts: int = 0
    #: UTC end of the sign-in delay after repeated failures (may lie in the past).
    locked_until: datetime | None = None
    version: int = 0

    def locked_at(self, now: datetime) -> bool:
        """Whether sign-in is refused at ``now`` (UTC) because of repeated failures."""
        return self.locked_until is not None and self.locked_until > now


def user_record(row: User) -> UserRecord:
    """Plain copy of a user row."""
    return UserRecord(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        school_id=row.school_id,
        active=row.active,
        last_login_at=row.last_login_at,
        failed_attempts=row.failed_attempts or 0,
        locked_until=row.locked_until,
        version=row.version,
    )


def lock_delay(failures: int) -> timedelta | None:
    """The sign-in delay after ``failures`` failures in a row: none below 3, then 30 s doubling.

    3 → 30 s, 4 → 1 min, 5 → 2 min, 6 → 4 min, 7 → 8 min, 8 and more → 15 min.
    """
    if failures < LOCK_AFTER:
        return None
    # The exponent is bounded so a long-running attack cannot overflow timedelta.
    steps = min(failures - LOCK_AFTER, 16)
    delay: timedelta = LOCK_FIRST * (1 << steps)
    return min(delay, LOCK_LONGEST)


def wait_text(remaining: timedelta) -> str:
    """The wait as people read it: seconds under a minute (30 秒), else minutes rounded up."""
    seconds = max(1, math.ceil(remaining.total_seconds()))
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{math.ceil(seconds / 60)} 分钟"


def locked_error(remaining: timedelta) -> AppError:
    """The refusal while a sign-in delay runs (the same for every name, known or not)."""
    return AppError(
        f"登录失败次数过多，请在 {wait_text(remaining)}后重试，或请管理员解锁。",
        code="auth.locked",
        details={"retry_after": max(1, math.ceil(remaining.total_seconds()))},
    )


def typed_name(raw: object) -> str:
    """A typed username as the lockout and the audit log key it: normalised, even if invalid."""
    try:
        return normalize_username(raw)
    except ValidationError:
        text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))
        return text.strip().casefold()[:_TYPED_NAME_MAX_LENGTH]


def validate_display_name(raw: object) -> str:
    """The cleaned display name (姓名), or a ValidationError."""
    text = normalize_text(raw)
    if not text:
        raise ValidationError(
            "请填写显示名称（如姓名）。", code="display_name.empty", field="display_name"
        )
    if len(text) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationError(
            f"显示名称不能超过 {DISPLAY_NAME_MAX_LENGTH} 个字符。",
            code="display_name.length",
            field="display_name",
            value=text,
        )
    return text


def auth_failed() -> AppError:
    """The one sign-in failure: never says whether the user or the password was wrong."""
    return AppError(AUTH_FAILED_MESSAGE, code="auth.failed")


@cache
def _dummy_hash() -> str:
    # Checked against when the username is unknown, so that costs the same time as a real check.
    return hash_password("nlts-no-such-user")


@dataclass(frozen=True)
class _Credentials:
    id: int
    username: str
    role: Role
    school_id: int | None
    active: bool
    password_hash: str
    locked_until: datetime | None


@dataclass
class _Strikes:
    """Failures in a row and the delay they earned, for a name with no account."""

    failures: int = 0
    locked_until: datetime | None = None


class AccountService:
    """Use cases on accounts, one transaction each.

    ``clock`` gives the current time (UTC, aware); tests pass their own to step through the
    sign-in delays without waiting.
    """

    def __init__(self, context: ServiceContext, *, clock: Callable[[], datetime] = utcnow) -> None:
        self._context = context
        self._clock = clock
        # Names without an account (and, in a read-only workspace, every name): their
        # failures live here, so their delays match an account's.
        self._strikes: OrderedDict[str, _Strikes] = OrderedDict()
        self._strikes_lock = threading.Lock()

    # ------------------------------------------------------------------ sign-in
    def has_users(self) -> bool:
        """Whether any account exists (a workspace made on the command line has none)."""
        with self._context.read() as session:
            return bool(session.scalar(select(func.count()).select_from(User)))

    def create_first_admin(self, *, username: str, display_name: str, password: str) -> UserRecord:
        """Create the first county administrator; refused once any account exists."""
        name = normalize_username(username)
        shown = validate_display_name(display_name)
        validate_password(password, username=name)
        password_hash = hash_password(password)  # slow: outside the transaction
        with self._context.unit_of_work() as session:
            if session.scalar(select(func.count()).select_from(User)):
                raise AppError(
                    "工作区已经有账号，不能再创建第一个管理员。请用已有的管理员账号登录后添加账号。",
                    code="account.first_exists",
                )
            row = User(
                username=name,
                display_name=shown,
                role=Role.COUNTY_ADMIN.value,
                school_id=None,
                password_hash=password_hash,
                active=True,
                failed_attempts=0,
            )
            session.add(row)
            session.flush()
            return user_record(row)

    def authenticate(self, username: str, password: str) -> Actor:
        """Check a sign-in; the Actor to act as, or AppError ``auth.failed`` / ``auth.locked``.

        Known and unknown names cost the same scrypt work and give the same messages on the
        same schedule of delays.  The outcome is an audit event either way.
        """
        name = typed_name(username)
        now = self._clock()
        credentials = self._credentials(name) if name else None
        in_memory = credentials is None or self._context.db.read_only
        locked_until = credentials.locked_until if credentials is not None else None
        if in_memory:
            strikes = self._strikes_of(name)
            if strikes.locked_until is not None and (
                locked_until is None or strikes.locked_until > locked_until
            ):
                locked_until = strikes.locked_until
        if locked_until is not None and locked_until > now:
            # Refused unchecked (the same work as a check), and not counted: a delay is not
            # pushed further out by attempts made while it runs.
            verify_password(password, _dummy_hash())
            self._audit_failure(name, credentials, reason="locked", failures=None)
            raise locked_error(locked_until - now)
        if credentials is None:
            verify_password(password, _dummy_hash())
            ok = False
        else:
            ok = verify_password(password, credentials.password_hash) and credentials.active
        if ok and credentials is not None:
            if in_memory:
                self._forget_strikes(name)
            else:
                self._record_success(credentials.id, now)
            self._context.audit_event(
                "login",
                "users",
                f"登录成功：{credentials.username}",
                entity_id=credentials.id,
                after={"username": credentials.username},
            )
            return Actor(
                username=credentials.username,
                role=credentials.role,
                school_id=credentials.school_id,
            )
        if in_memory:
            failures, locked_until = self._strike(name, now)
        else:
            assert credentials is not None
            failures, locked_until = self._record_failure(credentials.id, now)
        reason = (
            "unknown"
            if credentials is None
            else ("inactive" if not credentials.active else "password")
        )
        self._audit_failure(name, credentials, reason=reason, failures=failures)
        if locked_until is not None and locked_until > now:
            raise locked_error(locked_until - now)
        raise auth_failed()

    def _record_success(self, user_id: int, now: datetime) -> None:
        with self._context.unit_of_work() as session:
            row = session.get(User, user_id)
            if row is not None:
                row.failed_attempts = 0
                row.locked_until = None
                row.last_login_at = now

    def _record_failure(self, user_id: int, now: datetime) -> tuple[int, datetime | None]:
        """Count a failure (committed before the refusal is reported); the count and lock."""
        with self._context.unit_of_work() as session:
            row = session.get(User, user_id)
            if row is None:
                return 0, None
            row.failed_attempts = (row.failed_attempts or 0) + 1
            delay = lock_delay(row.failed_attempts)
            row.locked_until = now + delay if delay is not None else None
            return row.failed_attempts, row.locked_until

    def _strikes_of(self, name: str) -> _Strikes:
        with self._strikes_lock:
            found = self._strikes.get(name)
            return _Strikes(found.failures, found.locked_until) if found else _Strikes()

    def _strike(self, name: str, now: datetime) -> tuple[int, datetime | None]:
        with self._strikes_lock:
            strikes = self._strikes.pop(name, None) or _Strikes()
            strikes.failures += 1
            delay = lock_delay(strikes.failures)
            strikes.locked_until = now + delay if delay is not None else None
            self._strikes[name] = strikes
            while len(self._strikes) > _UNKNOWN_NAMES_KEPT:
                self._strikes.popitem(last=False)
            return strikes.failures, strikes.locked_until

    def _forget_strikes(self, name: str) -> None:
        with self._strikes_lock:
            self._strikes.pop(name, None)

    def _audit_failure(
        self,
        name: str,
        credentials: _Credentials | None,
        *,
        reason: str,
        failures: int | None,
    ) -> None:
        # The name as typed (normalised), never the password.
        after: dict[str, object] = {"username": name, "reason": reason}
        if failures is not None:
            after["failures"] = failures
        self._context.audit_event(
            "login_failed",
            "users",
            f"登录失败：{name or '（未填写用户名）'}",
            entity_id=credentials.id if credentials is not None else None,
            after=after,
        )

    def _credentials(self, name: str) -> _Credentials | None:
        with self._context.read() as session:
            row = session.scalars(select(User).where(User.username == name)).one_or_none()
            if row is None:
                return None
            return _Credentials(
                id=row.id,
                username=row.username,
                role=Role(row.role),
                school_id=row.school_id,
                active=row.active,
                password_hash=row.password_hash,
                locked_until=row.locked_until,
            )

    def change_password(self, old_password: str, new_password: str) -> None:
        """Change the signed-in user's own password (the old one is asked for again).

        Any role may change its own password.  A wrong old password counts as a failed sign-in
        (someone at an unattended desk cannot try passwords here without the delays).
        """
        username = self._context.actor.username
        credentials = self._credentials(username)
        if credentials is None:
            raise NotFoundError(
                "当前没有以账号登录，不能修改密码。请先用自己的账号登录。", code="account.none"
            )
        now = self._clock()
        if credentials.locked_until is not None and credentials.locked_until > now:
            raise locked_error(credentials.locked_until - now)
        if not verify_password(old_password, credentials.password_hash):
            failures, locked_until = self._record_failure(credentials.id, now)
            self._audit_failure(
                credentials.username, credentials, reason="old_password", failures=failures
            )
            if locked_until is not None and locked_until > now:
                raise locked_error(locked_until - now)
            raise ValidationError("原密码不正确。", code="password.wrong_old", field="old_password")
        validate_password(new_password, username=credentials.username)
        if old_password == new_password:
            raise ValidationError(
                "新密码不能与原密码相同。", code="password.unchanged", field="password"
            )
        password_hash = hash_password(new_password)
        with self._context.unit_of_work() as session:
            row = self._get_row(session, credentials.id)
            row.password_hash = password_hash
            row.failed_attempts = 0
            row.locked_until = None

    # ------------------------------------------------------------------ administration
    def create_user(
        self,
        *,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        school_id: int | None,
    ) -> UserRecord:
        """Add an account (administrators only); a school coordinator belongs to one school."""
        self._context.require(ADMIN_ROLES, "创建账号")
        name = normalize_username(username)
        shown = validate_display_name(display_name)
        _check_scope(role, school_id)
        validate_password(password, username=name)
        password_hash = hash_password(password)
        with self._context.unit_of_work() as session:
            if school_id is not None and session.get(School, school_id) is None:
                raise NotFoundError(
                    f"找不到编号为 {school_id} 的学校，它可能已被删除。",
                    code="school.unknown",
                    details={"field": "school_id"},
                )
            if session.scalars(select(User.id).where(User.username == name)).first() is not None:
                raise DuplicateError(
                    f"用户名“{name}”已被使用，请换一个用户名。",
                    code="account.duplicate",
                    details={"field": "username", "value": name},
                )
            row = User(
                username=name,
                display_name=shown,
                role=role.value,
                school_id=school_id,
                password_hash=password_hash,
                active=True,
                failed_attempts=0,
            )
            session.add(row)
            session.flush()
            return user_record(row)

    def now(self) -> datetime:
        """The service's current time (UTC): what a lock's end is compared with."""
        return self._clock()

    def list_users(self) -> list[UserRecord]:
        """Every account, ordered by username (administrators only)."""
        self._context.require(ADMIN_ROLES, "查看账号")
        with self._context.read() as session:
            return [
                user_record(row) for row in session.scalars(select(User).order_by(User.username))
            ]

    def set_active(self, user_id: int, active: bool) -> UserRecord:
        """Disable or re-enable an account (admins; not one's own, not the last admin)."""
        self._context.require(ADMIN_ROLES, "停用或启用账号")
        with self._context.unit_of_work() as session:
            row = self._get_row(session, user_id)
            if not active:
                if row.username == self._context.actor.username:
                    raise PermissionDeniedError(
                        "不能停用自己正在使用的账号。", code="account.self_deactivate"
                    )
                if row.role == Role.COUNTY_ADMIN.value and row.active:
                    self._refuse_last_admin(session, row)
            row.active = active
            session.flush()
            return user_record(row)

    def reset_password(self, user_id: int, new_password: str) -> None:
        """Set a new password for a user who forgot theirs, and unlock it (administrators).

        Not for one's own account: that is :meth:`change_password`, which asks for the old
        password, so a session left open cannot be used to take the account over.
        """
        self._context.require(ADMIN_ROLES, "重置密码")
        with self._context.read() as session:
            username = self._get_row(session, user_id).username
        if username == self._context.actor.username:
            raise PermissionDeniedError(
                "不能重置自己的密码。请用“修改密码”修改（需要输入原密码）；"
                "忘记了自己的密码时，请另一位管理员为您重置。",
                code="account.self_reset",
            )
        validate_password(new_password, username=username)
        password_hash = hash_password(new_password)
        with self._context.unit_of_work() as session:
            row = self._get_row(session, user_id)
            row.password_hash = password_hash
            row.failed_attempts = 0
            row.locked_until = None

    def unlock(self, user_id: int) -> UserRecord:
        """End an account's sign-in delay and forget its failures (administrators only)."""
        self._context.require(ADMIN_ROLES, "解锁账号")
        with self._context.unit_of_work() as session:
            row = self._get_row(session, user_id)
            row.failed_attempts = 0
            row.locked_until = None
            session.flush()
            return user_record(row)

    def update_user(
        self,
        user_id: int,
        *,
        display_name: str,
        role: Role,
        school_id: int | None,
        version: int | None = None,
    ) -> UserRecord:
        """Change an account's name, role and school (administrators only).

        Refused for one's own role (an administrator cannot lock themselves out) and for the
        last active county administrator; ``version`` refuses an edit of a stale copy.
        """
        self._context.require(ADMIN_ROLES, "修改账号")
        shown = validate_display_name(display_name)
        _check_scope(role, school_id)
        with self._context.unit_of_work() as session:
            row = self._get_row(session, user_id)
            if version is not None and row.version != version:
                raise stale_error()
            if role.value != row.role:
                if row.username == self._context.actor.username:
                    raise PermissionDeniedError(
                        "不能修改自己账号的角色。请由另一位管理员修改。",
                        code="account.self_role",
                    )
                if row.role == Role.COUNTY_ADMIN.value and row.active:
                    self._refuse_last_admin(session, row)
            if school_id is not None and session.get(School, school_id) is None:
                raise NotFoundError(
                    f"找不到编号为 {school_id} 的学校，它可能已被删除。",
                    code="school.unknown",
                    details={"field": "school_id"},
                )
            row.display_name = shown
            row.role = role.value
            row.school_id = school_id
            session.flush()
            return user_record(row)

    @staticmethod
    def _refuse_last_admin(session: Session, row: User) -> None:
        others = session.scalar(
            select(func.count())
            .select_from(User)
            .where(
                User.role == Role.COUNTY_ADMIN.value,
                User.active.is_(True),
                User.id != row.id,
            )
        )
        if not others:
            raise ValidationError(
                f"“{row.display_name}”是最后一个可用的区县管理员账号，不能停用或改为其他角色。"
                "请先添加另一个管理员。",
                code="account.last_admin",
            )

    @staticmethod
    def _get_row(session: Session, user_id: int) -> User:
        row = session.get(User, user_id)
        if row is None:
            raise NotFoundError(
                f"找不到编号为 {user_id} 的账号，它可能已被删除。", code="account.unknown"
            )
        return row


def _check_scope(role: Role, school_id: int | None) -> None:
    """A school coordinator needs a school; county roles and viewers have none."""
    if role is Role.SCHOOL_COORDINATOR and school_id is None:
        raise ValidationError(
            "学校管理员账号必须指定所属学校。", code="account.school_required", field="school_id"
        )
    if role is not Role.SCHOOL_COORDINATOR and school_id is not None:
        raise ValidationError(
            f"{role.label}账号不属于某一所学校，请不要指定学校。",
            code="account.school_not_allowed",
            field="school_id",
        )
