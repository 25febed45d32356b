"""AuditService: filters and paging in SQL, who may look, masking, and the events recorded
for imports, exports and packages; the logging filter that masks ID numbers."""

from __future__ import annotations

import io
import logging
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from nlts_desktop.domain.enums import Role
from nlts_desktop.domain.errors import PermissionDeniedError, ValidationError
from nlts_desktop.logs import IdNumberFilter, configure_logging
from nlts_desktop.paths import data_paths
from nlts_desktop.services.audit import AuditFilter, describe
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from tests.helpers import add_teachers, id_number, ready_school

PASSWORD = "Wenjiang#2026a"
NEW_PASSWORD = "Chengdu&2027b"


def _all_text(workspace: Workspace) -> str:
    """Every column of every audit entry (and the head), as a tamperer would read the file."""
    with workspace.db.engine.connect() as raw:
        rows = list(raw.exec_driver_sql("SELECT * FROM audit_entries"))
        rows += list(raw.exec_driver_sql("SELECT * FROM audit_head"))
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def _integrity_ok(workspace: Workspace) -> None:
    if workspace.db.on_server:
        return  # the server keeps its pages whole; this is SQLite's own check
    assert workspace.db.path is not None
    raw = sqlite3.connect(workspace.db.path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        raw.close()


@pytest.fixture
def history(workspace: Workspace, school: int) -> Iterator[Workspace]:
    """Two schools, teachers created and edited by two users."""
    workspace.schools.create({"code": "3151000002", "name": "温江区第二中学"})
    ids = add_teachers(workspace, 3)
    add_teachers(workspace, 2, school="3151000002", start=10)
    workspace.context.actor = Actor("clerk", Role.COUNTY_ADMIN)
    first = workspace.teachers.get(ids[0])
    workspace.teachers.update(
        first.id,
        {
            "id_number": first.id_number,
            "name": "张丽",
            "school": "2151000001",
            "phone": first.phone,
        },
    )
    workspace.context.actor = Actor.system("admin")
    yield workspace
    _integrity_ok(workspace)


def test_filters_run_in_sql_newest_first(history: Workspace) -> None:
    audit = history.audit
    everything = audit.query(limit=10_000)
    ids = [r.id for r in everything.rows]
    assert ids == sorted(ids, reverse=True) and everything.total == len(ids)

    by_clerk = audit.query(AuditFilter(actor="clerk"))
    assert by_clerk.total == 1
    (edit,) = by_clerk.rows
    assert (edit.action_label, edit.entity_label) == ("修改", "教师")
    assert edit.description == "修改教师：姓名：教师甲一 → 张丽"
    assert edit.school_name == "温江区实验小学" and edit.teacher_name == "张丽"

    second = history.schools.find("3151000002").id
    at_second = audit.query(AuditFilter(school_id=second, action="create", entity="teachers"))
    assert at_second.total == 2
    assert {r.school_name for r in at_second.rows} == {"温江区第二中学"}

    teacher = audit.query(AuditFilter(teacher="张丽"))
    assert teacher.total == 2 and {r.teacher_name for r in teacher.rows} == {"张丽"}
    by_number = audit.query(AuditFilter(teacher=id_number(0, female=True)))
    assert by_number.total == 2
    assert audit.query(AuditFilter(teacher_id=teacher.rows[0].teacher_id)).total == 2
    # A full ID number typed into the text search finds its masked form.
    typed = audit.query(AuditFilter(text=id_number(1), action="create"))
    assert typed.total == 1 and typed.rows[0].entity == "teachers"

    today = date.today()
    assert audit.query(AuditFilter(since=today, until=today)).total == everything.total
    assert audit.query(AuditFilter(until=today - timedelta(days=1))).total == 0
    assert audit.query(AuditFilter(since=today + timedelta(days=1))).total == 0
    with pytest.raises(ValidationError) as caught:
        audit.query(AuditFilter(since=today, until=today - timedelta(days=3)))
    assert "起始日期" in caught.value.message


def test_paging_with_total(history: Workspace) -> None:
    audit = history.audit
    total = audit.query().total
    first = audit.query(limit=5)
    second = audit.query(limit=5, offset=5)
    assert first.total == second.total == total
    assert len(first.rows) == len(second.rows) == 5
    assert first.rows[-1].id > second.rows[0].id
    tail = audit.query(limit=5, offset=total - 2)
    assert len(tail.rows) == 2


def test_choices_list_what_occurs(history: Workspace) -> None:
    choices = history.audit.choices()
    assert {"admin", "clerk"} <= set(choices.actors)
    assert ("update", "修改") in choices.actions
    assert ("teachers", "教师") in choices.entities
    assert [name for _id, name in choices.schools] == ["温江区实验小学", "温江区第二中学"]


@pytest.mark.parametrize(
    "actor",
    [
        Actor("viewer", Role.VIEWER),
        Actor("reviewer", Role.COUNTY_REVIEWER),
        Actor("coordinator", Role.SCHOOL_COORDINATOR, school_id=1),
    ],
    ids=["viewer", "reviewer", "coordinator-in-county"],
)
def test_only_the_administrator_reads_the_log(workspace: Workspace, actor: Actor) -> None:
    workspace.context.actor = actor
    service = workspace.audit
    for call in (
        service.query,
        service.choices,
        service.verify,
        lambda: service.export_xlsx(None, Path("x.xlsx")),
    ):
        with pytest.raises(PermissionDeniedError) as caught:
            call()
        assert "审计日志" in caught.value.message
    assert not service.can_view()


def test_no_full_id_number_anywhere_in_the_log(workspace: Workspace, school: int) -> None:
    number = "11010519491231002X"
    teacher = workspace.teachers.create(
        {"id_number": number, "name": "张丽", "school": "2151000001", "note": f"原号{number}"}
    )
    corrected = "440524188001010014"
    workspace.teachers.update(
        teacher.id, {"id_number": corrected, "name": "张丽", "school": "2151000001"}
    )
    # A bulk write whose summary carries rows with ID numbers: the roster re-import.
    out = workspace.paths.root / "名单.xlsx"
    workspace.roster_export.export_teachers(out)
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value == "张丽":
                cell.value = "张莉"
    book.save(out)
    workspace.roster_import.commit(workspace.roster_import.plan_teachers(out))
    text = _all_text(workspace)
    for full in (number, corrected):
        assert full not in text and full.lower() not in text
    assert "110105********002X" in text and "440524********0014" in text
    assert workspace.audit.verify().ok
    _integrity_ok(workspace)


def test_passwords_never_in_the_log(workspace: Workspace, school: int) -> None:
    workspace.accounts.create_user(
        username="wangli",
        display_name="王丽",
        role=Role.COUNTY_ADMIN,
        password=PASSWORD,
        school_id=None,
    )
    signed_in = workspace.accounts.authenticate("wangli", PASSWORD)
    workspace.act_as(signed_in)
    workspace.accounts.change_password(PASSWORD, NEW_PASSWORD)
    with pytest.raises(Exception):  # noqa: B017 - the failure kind is the accounts' business
        workspace.accounts.authenticate("wangli", "not-the-password")
    text = _all_text(workspace)
    assert PASSWORD not in text and NEW_PASSWORD not in text and "not-the-password" not in text
    with workspace.db.engine.connect() as raw:
        (stored,) = raw.exec_driver_sql(
            "SELECT password_hash FROM users WHERE username = 'wangli'"
        ).one()
    assert len(stored) > 20 and stored not in text
    entries = workspace.audit.query(AuditFilter(entity="users"), limit=100).rows
    assert any("***" in (e.after_json or "") for e in entries)
    assert {"login", "login_failed"} <= {e.action for e in entries}
    _integrity_ok(workspace)


def test_imports_exports_and_packages_are_recorded(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    teachers = add_teachers(workspace, 2)
    roster = tmp_path / "教师名单.xlsx"
    assert workspace.roster_export.export_teachers(roster) == 2
    workspace.roster_import.commit(workspace.roster_import.plan_teachers(roster))  # unchanged
    summary = tmp_path / "学时汇总.xlsx"
    workspace.reports.school_hours_summary(summary)
    ready_school(workspace, school, teachers)
    sheet = tmp_path / "成绩表.xlsx"
    rows = workspace.score_sheets.export_scores(sheet, school_id=school)
    book = openpyxl.load_workbook(sheet)
    grid = book.worksheets[0]
    for row in range(3, grid.max_row + 1):
        if grid.cell(row, 5).value:
            grid.cell(row, 10).value = "优秀"
            grid.cell(row, 9).value = "平台作品链接"
    book.save(sheet)
    workspace.score_sheets.commit(workspace.score_sheets.plan(sheet, school), assessor="王老师")
    kit = workspace.school_kits.make(school, tmp_path / "学校工作包.nltspkg").path
    audit = workspace.audit

    exports = audit.query(AuditFilter(action="export")).rows
    texts = [r.description for r in exports]
    assert f"导出教师名单“{roster.name}”（2 行）" in texts
    assert f"导出学时完成情况汇总表“{summary.name}”（1 所学校）" in texts
    score_export = next(r for r in exports if sheet.name in r.description)
    assert score_export.description == f"导出考核成绩表“{sheet.name}”（{rows} 行）"
    assert score_export.school_name == "温江区实验小学"

    imports = audit.query(AuditFilter(action="import")).rows
    score_import = next(r for r in imports if r.entity == "scores")
    assert score_import.description.startswith(f"从“{sheet.name}”导入考核成绩：教师 2 名")
    assert score_import.school_id == school
    packages = audit.query(AuditFilter(action="package")).rows
    assert len(packages) == 1 and kit.name in packages[0].description
    assert packages[0].description.startswith("生成学校工作包")

    # Exporting and printing the log are themselves recorded.
    xlsx = tmp_path / "审计日志.xlsx"
    count = audit.export_xlsx(AuditFilter(action="export"), xlsx)
    assert count == len(exports)
    pdf = tmp_path / "审计日志.pdf"
    assert audit.print_pdf(AuditFilter(), pdf) >= 1
    assert pdf.read_bytes().startswith(b"%PDF")
    latest = audit.query(limit=2).rows
    assert latest[0].description.startswith(f"导出审计日志打印件“{pdf.name}”（")
    assert latest[1].description == f"导出审计日志“{xlsx.name}”（{count} 条）"
    assert audit.verify().ok
    _integrity_ok(workspace)


def test_exported_log_is_a_safe_table(workspace: Workspace, school: int, tmp_path: Path) -> None:
    workspace.teachers.create(
        {"id_number": id_number(1), "name": "张丽", "school": "2151000001", "note": "=1+1"}
    )
    out = tmp_path / "审计日志.xlsx"
    workspace.audit.export_xlsx(AuditFilter(entity="teachers"), out)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet["A1"].value.startswith("审计日志（导出时间")
    assert "校验：通过" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:8] == [
        "编号",
        "时间",
        "操作人",
        "操作",
        "对象",
        "学校",
        "教师",
        "内容",
    ]
    cells = [str(c.value) for row in sheet.iter_rows(min_row=3) for c in row if c.value]
    assert not any(c.startswith("=") and c != "=1+1" for c in cells)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert id_number(1) not in " ".join(cells)


def test_school_mode_coordinator_views_the_log(
    workspace: Workspace, school: int, tmp_path: Path
) -> None:
    teachers = add_teachers(workspace, 1)
    ready_school(workspace, school, teachers)
    kit = workspace.school_kits.make(school, tmp_path / "kit.nltspkg").path
    school_ws = Workspace.create_from_kit(
        data_paths(tmp_path / "school"),
        kit,
        actor=Actor.system("coordinator"),
        accept_fingerprint=workspace.keys.own().fingerprint,
    )
    try:
        assert school_ws.context.actor.role is Role.SCHOOL_COORDINATOR
        assert school_ws.audit.can_view()
        assert school_ws.audit.verify().ok
        assert school_ws.audit.query().total > 0
        school_ws.act_as(Actor("looker", Role.VIEWER))
        assert not school_ws.audit.can_view()
    finally:
        school_ws.close()


def test_describe_without_summary() -> None:
    assert describe("create", "schools", None, None, '{"name": "实验小学", "code": "2151"}') == (
        "新增学校：实验小学，2151"
    )
    assert describe("delete", "teachers", None, '{"name": "张丽"}', None) == "删除教师：张丽"
    text = describe(
        "update", "teachers", None, '{"phone": null, "note": "a"}', '{"phone": "138", "note": ""}'
    )
    assert text == "修改教师：联系电话：空 → 138；备注：a → 空"
    assert describe("export", "forms", "导出表格", None, None) == "导出表格"


# ------------------------------------------------------------------ logs


def _formatted(record: logging.LogRecord) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(IdNumberFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.handle(record)
    return stream.getvalue()


def test_log_filter_masks_messages_args_and_tracebacks() -> None:
    number = "51011519850101001X"
    logger = logging.getLogger("nlts_desktop.test_audit")
    record = logger.makeRecord(
        logger.name, logging.ERROR, __file__, 1, "教师 %s 导入失败：%r", (number, {"id": number}),
        None,
    )  # fmt: skip
    text = _formatted(record)
    assert number not in text
    assert text.count("510115********001X") == 2
    try:
        raise ValueError(f"bad {number}")
    except ValueError:
        import sys

        failing = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "x", (), sys.exc_info()
        )
    text = _formatted(failing)
    assert "Traceback" in text and number not in text and "510115********001X" in text
    # Neighbouring digits are not an ID number: a 20-digit run or a hash stays as it is.
    digits = "n=12345678901234567890"
    plain = logger.makeRecord(logger.name, logging.INFO, __file__, 1, digits, (), None)
    assert _formatted(plain).strip() == digits


def test_program_logging_writes_a_masked_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    configure_logging(tmp_path / "logs")
    try:
        logging.getLogger("nlts_desktop.test").warning("身份证号 %s 有误", "11010519491231002X")
        for handler in root.handlers:
            handler.flush()
        written = (tmp_path / "logs" / "nlts.log").read_text(encoding="utf-8")
        assert "110105********002X" in written and "11010519491231002X" not in written
    finally:
        configure_logging(None)  # our handlers back to stderr only
