"""What every service needs: the database, the acting user, one transaction per call."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import AppError, PermissionDeniedError, StorageError
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.database import Database


@dataclass(frozen=True)
class Actor:
    """Who is acting: recorded in the audit log and checked against the role."""

    username: str
    role: Role
    school_id: int | None = None

    @classmethod
    def system(cls, username: str = "system") -> Actor:
        """The administrator acting from the command line or set-up."""
        return cls(username=username, role=Role.COUNTY_ADMIN)


WRITE_ROLES = frozenset({Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER, Role.SCHOOL_COORDINATOR})
ADMIN_ROLES = frozenset({Role.COUNTY_ADMIN})
# The county's reviewers: approve plans and batches, return, unlock, sample.
REVIEW_ROLES = frozenset({Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER})
# Roles that edit a school's own records; a school coordinator only those of their school.
SCHOOL_ROLES = frozenset({Role.COUNTY_ADMIN, Role.SCHOOL_COORDINATOR})


def stale_error(conflicts: Sequence[tuple[str, object, object]] = ()) -> StorageError:
    """The message for an edit made on a copy someone else has changed since.

    ``conflicts`` are (field label, the value saved by the other person, the value this user
    wanted): both are shown, so nothing typed is lost and nothing is silently overwritten.
    """

    def shown(value: object) -> str:
        return "（空）" if value in (None, "") else str(value)

    lines = [
        f"{label}：他人已保存为“{shown(theirs)}”，您要保存的是“{shown(mine)}”"
        for label, theirs, mine in conflicts
    ]
    message = "该记录已被他人修改，请刷新后重试。"
    if lines:
        message += "\n" + "\n".join(lines)
    return StorageError(
        message,
        code="db.stale",
        details={"conflicts": [[label, theirs, mine] for label, theirs, mine in conflicts]},
    )


def read_only_error() -> StorageError:
    """The message every write path gives when the workspace was opened read-only."""
    return StorageError(
        "工作区以只读方式打开（数据库文件或所在磁盘不可写），不能保存修改。"
        "请把数据文件夹复制到本机可写的磁盘后再打开。",
        code="db.read_only",
    )


class ServiceContext:
    """Shared by the services of one open workspace."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        #: Called with a reason ("before-import", "before-package", …) before a bulk change;
        #: the workspace sets it to make a checked backup when anything changed since the last.
        self.safeguard: Callable[[str], object] | None = None

    def checkpoint(self, reason: str) -> None:
        """Back the database up before a bulk change (import, package, restore)."""
        if self.db.read_only:
            raise read_only_error()
        if self.safeguard is not None:
            self.safeguard(reason)

    def require(self, roles: frozenset[Role], action: str) -> None:
        """Refuse the action unless the actor's role is one of ``roles``."""
        if self.actor.role not in roles:
            raise PermissionDeniedError(
                f"当前账号（{self.actor.role.label}）无权{action}。请使用有相应权限的账号登录。",
                details={"role": self.actor.role.value, "action": action},
            )

    def require_school(self, school_id: int, action: str) -> None:
        """Refuse a school coordinator acting on another school (roles are checked by require)."""
        if self.actor.role == Role.SCHOOL_COORDINATOR and self.actor.school_id != school_id:
            raise PermissionDeniedError(
                f"当前账号（{self.actor.role.label}）只能处理本校的数据；"
                f"该记录属于其他学校，无权{action}。",
                code="permission.other_school",
                details={
                    "role": self.actor.role.value,
                    "action": action,
                    "school_id": school_id,
                    "own_school_id": self.actor.school_id,
                },
            )

    def audit_event(
        self,
        action: str,
        entity: str,
        summary: str,
        *,
        entity_id: int | None = None,
        after: dict[str, object] | None = None,
    ) -> None:
        """Record an event that changes no row (export, backup, login) in its own transaction.

        A workspace opened read-only cannot record anything; the event is then not recorded.
        Inside a writing use case, call ``record_audit`` on its session instead.
        """
        if self.db.read_only:
            return
        with self.unit_of_work() as session:
            record_audit(
                session,
                action=action,
                entity=entity,
                summary=summary,
                entity_id=entity_id,
                after=dict(after) if after else None,
            )

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One write transaction; database trouble becomes a plain Chinese StorageError."""
        if self.db.read_only:
            raise read_only_error()
        with self._translated_errors(), self.db.unit_of_work(self.actor.username) as session:
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction (consistent reads, deferred: it waits on no other reader)."""
        with self._translated_errors(), self.db.read_unit(self.actor.username) as session:
            yield session

    @contextlib.contextmanager
    def _translated_errors(self) -> Iterator[None]:
        try:
            yield
        except AppError:
            raise
        except StaleDataError as exc:
            raise stale_error() from exc
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if any(
                word in text
                for word in ("locked", "busy", "lock timeout", "deadlock", "could not serialize")
            ):
                raise StorageError(
                    "数据库正被占用，请稍后重试。您输入的内容没有丢失。", code="db.locked"
                ) from exc
            if "readonly" in text or "read-only" in text:
                raise read_only_error() from exc
            if "full" in text:
                raise StorageError(
                    "磁盘空间不足，修改没有保存。请清理磁盘后重试。", code="db.full"
                ) from exc
            if self.db.on_server and ("connection" in text or "server" in text):
                raise StorageError(
                    f"与数据库服务器“{self.db.server}”的连接中断，修改没有保存。"
                    "请检查网络后重试；您输入的内容没有丢失。",
                    code="server.unreachable",
                ) from exc
            raise
        except IntegrityError as exc:
            raise StorageError(
                "保存失败：数据与已有记录冲突（可能是重复或引用了不存在的记录），没有写入任何内容。",
                code="db.integrity",
                details={"detail": str(exc.orig)},
            ) from exc
