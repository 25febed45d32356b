"""Database checks (``check`` on the command line, 检查数据库 in the program)."""

from __future__ import annotations

from sqlalchemy import func, select

from nlts_desktop.domain.idcard import is_valid_id_number
from nlts_desktop.services.context import ServiceContext
from nlts_desktop.services.records import CheckItem, CheckReport
from nlts_desktop.storage.audit import verify_chain
from nlts_desktop.storage.engine import APPLICATION_ID, is_sqlite
from nlts_desktop.storage.migrate import current_revision, head_revision
from nlts_desktop.storage.models import School, Teacher, WorkspaceRow

_SHOWN = 5


class CheckService:
    """Structural and domain checks of the workspace database."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def run(self) -> CheckReport:
        """Run every check; nothing is changed."""
        items: list[CheckItem] = []
        with self._context.read() as session:
            connection = session.connection()
            if is_sqlite(connection.engine):
                rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check")]
                items.append(
                    CheckItem(
                        "数据库文件完整性",
                        rows == ["ok"],
                        "正常" if rows == ["ok"] else "；".join(rows[:_SHOWN]),
                    )
                )
                app_id = connection.exec_driver_sql("PRAGMA application_id").scalar()
                items.append(
                    CheckItem(
                        "文件标识",
                        app_id == APPLICATION_ID,
                        "正常"
                        if app_id == APPLICATION_ID
                        else f"标识为 {app_id}，不是 NLTS 工作区",
                    )
                )
                fk = list(connection.exec_driver_sql("PRAGMA foreign_key_check"))
                items.append(
                    CheckItem(
                        "记录之间的引用",
                        not fk,
                        "正常" if not fk else f"{len(fk)} 条记录引用了不存在的记录",
                    )
                )
            revision = current_revision(connection)
            head = head_revision()
            items.append(
                CheckItem(
                    "数据库版本",
                    revision == head,
                    f"{revision}（最新）" if revision == head else f"{revision}，应为 {head}",
                )
            )
            count = session.scalar(select(func.count()).select_from(WorkspaceRow)) or 0
            items.append(
                CheckItem(
                    "工作区信息", count == 1, "正常" if count == 1 else f"有 {count} 条，应为 1 条"
                )
            )
            bad = [
                (name, number)
                for name, number in session.execute(select(Teacher.name, Teacher.id_number))
                if not is_valid_id_number(number)
            ]
            items.append(
                CheckItem(
                    "教师身份证号",
                    not bad,
                    "全部有效"
                    if not bad
                    else f"{len(bad)} 个无效，如：" + "、".join(n for n, _ in bad[:_SHOWN]),
                )
            )
            stranded = session.scalar(
                select(func.count())
                .select_from(Teacher)
                .join(School, School.id == Teacher.school_id)
                .where(Teacher.status == "active", School.status != "active")
            )
            items.append(
                CheckItem(
                    "在职教师所在学校",
                    not stranded,
                    "正常" if not stranded else f"{stranded} 名在职教师所在学校已停用",
                )
            )
            chain = verify_chain(session)
            items.append(
                CheckItem(
                    "审计日志",
                    chain.ok,
                    f"哈希链完整（{chain.checked:,} 条记录）" if chain.ok else chain.problem or "",
                )
            )
        return CheckReport(items=tuple(items))
