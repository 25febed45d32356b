"""Accounts: the first administrator, sign-in, users and their roles (账号).

Sign-in never says whether the username or the password was wrong, and an unknown username
costs the same scrypt work as a known one, so neither the message nor the time tells a
stranger which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
from nlts_desktop.services.context import ADMIN_ROLES, Actor, ServiceContext
from nlts_desktop.storage.base import utcnow
from nlts_desktop.storage.models import School, User

DISPLAY_NAME_MAX_LENGTH = 64
AUTH_FAILED_MESSAGE = "用户名或密码错误。"


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
    )


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


class AccountService:
    """Use cases on accounts, one transaction each."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

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
        """Check a sign-in; the Actor to act as, or AppError ``auth.failed`` (one message)."""
        try:
            name: str | None = normalize_username(username)
        except ValidationError:
            name = None
        credentials = self._credentials(name) if name else None
        if credentials is None:
            verify_password(password, _dummy_hash())
            raise auth_failed()
        ok = verify_password(password, credentials.password_hash) and credentials.active
        # A failed sign-in is still committed (the failure count), then reported.
        with self._context.unit_of_work() as session:
            row = session.get(User, credentials.id)
            if row is None:
                ok = False
            elif ok:
                row.failed_attempts = 0
                row.last_login_at = utcnow()
            else:
                row.failed_attempts = (row.failed_attempts or 0) + 1
        if not ok:
            raise auth_failed()
        return Actor(
            username=credentials.username,
            role=credentials.role,
            school_id=credentials.school_id,
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
            )

    def change_password(self, old_password: str, new_password: str) -> None:
        """Change the signed-in user's own password (the old one is asked for again)."""
        username = self._context.actor.username
        credentials = self._credentials(username)
        if credentials is None:
            raise NotFoundError(
                "当前没有以账号登录，不能修改密码。请先用自己的账号登录。", code="account.none"
            )
        if not verify_password(old_password, credentials.password_hash):
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
                            f"“{row.display_name}”是最后一个可用的区县管理员账号，不能停用。"
                            "请先添加另一个管理员。",
                            code="account.last_admin",
                        )
            row.active = active
            session.flush()
            return user_record(row)

    def reset_password(self, user_id: int, new_password: str) -> None:
        """Set a new password for a user who forgot theirs (administrators only)."""
        self._context.require(ADMIN_ROLES, "重置密码")
        with self._context.read() as session:
            username = self._get_row(session, user_id).username
        validate_password(new_password, username=username)
        password_hash = hash_password(new_password)
        with self._context.unit_of_work() as session:
            row = self._get_row(session, user_id)
            row.password_hash = password_hash
            row.failed_attempts = 0

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
