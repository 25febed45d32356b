"""Score sheets (成绩表) and the printed outputs of 校本应用考核.

Import is read → validate → write, like every import here: :meth:`ScoreSheetService.plan` reads
the sheet, checks each row (身份证号, 等级, codes, the school, duplicates) and lets
:meth:`AssessmentService.apply_sheet` check the rest in a dry run (teacher of this school, point
and item in the catalogue, the selection rule, locks); :meth:`ScoreSheetService.commit` writes
the whole sheet in one transaction or nothing.  A rejected row is reported with its sheet, row,
column, value and reason, and the error workbook imports again once fixed.

The outputs — the score sheet itself, the per-school results, the county summary, the review
record and the sampling record — gather their data in one read transaction and write the file
after it, so no database lock is held while a file is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import and_, case, func, null, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.catalogue import Catalogue, normalize_point_code
from nlts_desktop.domain.enums import (
    Grade,
    ReviewState,
    Role,
    SubmissionState,
    TeacherStatus,
)
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.grading import parse_grade
from nlts_desktop.domain.idcard import parse_id_number
from nlts_desktop.domain.text import normalize_compact, normalize_text
from nlts_desktop.exchange.assessment_pdf import (
    ReviewEventLine,
    ReviewRecord,
    ReviewTeacherLine,
    write_review_record_pdf,
    write_sampling_record_pdf,
)
from nlts_desktop.exchange.excel_reader import TableData, read_table
from nlts_desktop.exchange.excel_writer import write_error_workbook
from nlts_desktop.exchange.score_sheet import (
    SCORE_COLUMNS,
    CatalogueRow,
    PointSummaryRow,
    ResultRow,
    SamplingInfo,
    SamplingRow,
    SchoolSummaryRow,
    ScoreSheetRow,
    format_moment,
    write_results_workbook,
    write_sampling_workbook,
    write_score_sheet,
    write_summary_workbook,
)
from nlts_desktop.services.assessment import (
    AssessmentService,
    GridRow,
    SelectionContext,
    SheetEntry,
    SheetOutcome,
    batch_record,
    current_cycle,
    get_school,
    load_sheet,
    plan_environments,
    workspace_catalogue,
)
from nlts_desktop.services.audit import audited_export
from nlts_desktop.services.context import SCHOOL_ROLES, ServiceContext
from nlts_desktop.services.progress import CancelToken, Progress, no_progress
from nlts_desktop.services.projects import workspace_preset
from nlts_desktop.services.reports import COUNTY_READERS
from nlts_desktop.services.review import ReviewService
from nlts_desktop.services.roster_import import (
    ImportRejectedError,
    ImportSummary,
    RowIssue,
    default_report_path,
)
from nlts_desktop.storage.models import (
    AbilityPoint,
    EvidenceItem,
    EvidenceSpecRow,
    PointSelection,
    School,
    Score,
    Submission,
    Teacher,
    WorkspaceRow,
)

# Evidence references are stored in a 512-character column (EvidenceItem.external_ref).
EVIDENCE_LIMIT = 512
# Score.assessor is 64 characters.
_ASSESSOR_LIMIT = 64
_ID_CHUNK = 900  # SQLite's bound-parameter limit is 999 on older builds
_KEPT_ROWS = 20
_ACTIVE = TeacherStatus.ACTIVE.value
_LABELS = {spec.field: spec.label for spec in SCORE_COLUMNS}
# issue(row, field, value, reason, code): how row checks report a problem.
_Sink = Callable[[int, str | None, object, str, str], None]


# ---------------------------------------------------------------- plain values


@dataclass(frozen=True)
class ScoreSheetPlan:
    """A checked score sheet for one school, ready to preview and commit (whole or nothing).

    ``outcome`` is the dry run of :meth:`AssessmentService.apply_sheet` over the rows that
    passed the row checks; its counts stand only when no row is rejected.
    """

    table: TableData
    school_id: int
    school_code: str
    school_name: str
    entries: tuple[SheetEntry, ...]
    entry_rows: tuple[int, ...]
    issues: tuple[RowIssue, ...]
    outcome: SheetOutcome
    blank_rows: int
    assessors: tuple[str, ...]

    @property
    def rejected_rows(self) -> list[int]:
        """Sheet row numbers of the rejected rows, in order."""
        return sorted({issue.row for issue in self.issues})

    @property
    def ok(self) -> bool:
        """Nothing rejected and something to import: commit may be called."""
        return not self.issues and bool(self.entries)

    def _count(self, value: int) -> int:
        return 0 if self.issues else value

    @property
    def teachers(self) -> int:
        """Teachers the sheet grades."""
        return self._count(self.outcome.teachers)

    @property
    def points_added(self) -> int:
        """Points added to teachers' selections."""
        return self._count(self.outcome.points_added)

    @property
    def grades_set(self) -> int:
        """Items that get a grade (new or different)."""
        return self._count(self.outcome.grades_set)

    @property
    def grades_cleared(self) -> int:
        """Items whose grade is removed (等级 left empty)."""
        return self._count(self.outcome.grades_cleared)

    @property
    def unchanged(self) -> int:
        """Rows that change no grade."""
        return self._count(self.outcome.unchanged)

    @property
    def file_assessor(self) -> str:
        """The 评分人 the file names for its grades (several joined), or ""."""
        names = "、".join(self.assessors)
        if len(names) <= _ASSESSOR_LIMIT:
            return names
        return f"{self.assessors[0]} 等 {len(self.assessors)} 人"[:_ASSESSOR_LIMIT]

    def summary(self, *, written: bool = False) -> ImportSummary:
        """The import summary: new = grades set, changed = grades cleared, then unchanged."""
        return ImportSummary(
            kind="scores",
            file_name=self.table.path.name,
            sheet=self.table.sheet,
            header_row=self.table.header_row,
            new=self.grades_set,
            changed=self.grades_cleared,
            unchanged=self.unchanged,
            rejected=len(self.rejected_rows),
            issues=self.issues,
            written=written,
        )


@dataclass
class _RowCheck:
    """What checking one row found (collected, then turned into issues and an entry)."""

    number: str = ""
    point_code: str = ""
    spec_code: str = ""
    grade: Grade | None = None
    evidence: str | None = None
    assessor: str | None = None
    structural: bool = True  # a SheetEntry can be made for the dry run


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _text(value: object) -> str:
    return normalize_text(_shown(value))


# ---------------------------------------------------------------- the service


class ScoreSheetService:
    """Score sheet import and export, and the assessment's printed outputs."""

    def __init__(self, context: ServiceContext, assessment: AssessmentService) -> None:
        self._context = context
        self._assessment = assessment
        self._review = ReviewService(context)

    # ------------------------------------------------------------ import

    def plan(
        self,
        path: Path,
        school_id: int,
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ScoreSheetPlan:
        """Read and check a school's score sheet; nothing is written."""
        self._context.require(SCHOOL_ROLES, "导入考核成绩")
        self._context.require_school(school_id, "导入考核成绩")
        check = cancel.check if cancel is not None else None
        table = read_table(path, SCORE_COLUMNS, progress=progress, cancel=check)
        labels = _LabelOf(table)
        raw_numbers: set[str] = set()
        for source in table.rows:
            try:
                raw_numbers.add(parse_id_number(source.cells.get("id_number")).number)
            except ValidationError:
                continue
        with self._context.read() as session:
            school = get_school(session, school_id)
            roster = _roster(session, sorted(raw_numbers))
            codes = {
                normalize_compact(_shown(source.cells.get("school_code")))
                for source in table.rows
                if source.cells.get("school_code") not in (None, "")
            }
            school_names = dict(
                session.execute(
                    select(School.code, School.name).where(School.code.in_(codes))
                ).all()
            )
            catalogue = workspace_catalogue(session)
            school_code, school_name = school.code, school.name
        if cancel is not None:
            cancel.check()
        progress(0, len(table.rows), "正在检查成绩数据……")

        issues: list[RowIssue] = []
        entries: list[SheetEntry] = []
        entry_rows: list[int] = []
        seen: dict[tuple[str, str, str], int] = {}
        assessors: dict[str, None] = {}
        blank = 0

        def issue(row: int, name: str | None, value: object, reason: str, code: str) -> None:
            issues.append(RowIssue(row, labels(name) if name else "", _shown(value), reason, code))

        for source in table.rows:
            cells = source.cells
            row = source.number
            if source.formula_fields:
                for name in sorted(source.formula_fields):
                    issue(
                        row,
                        name,
                        "",
                        f"“{labels(name)}”列是公式，程序不计算公式。请在 Excel 中复制该列，"
                        "再“选择性粘贴→数值”后重新导入。",
                        "import.formula",
                    )
                continue
            if all(cells.get(f) in (None, "") for f in ("point_code", "spec_code", "grade")):
                # A teacher's empty row (no points yet), left as it was exported.
                blank += 1
                continue
            found = self._check_row(
                row,
                cells,
                issue,
                school_code=school_code,
                school_name=school_name,
                school_names=school_names,
                roster=roster,
            )
            if found.structural:
                key = (found.number, found.point_code, found.spec_code)
                first = seen.get(key)
                if first is not None:
                    issue(
                        row,
                        "spec_code",
                        cells.get("spec_code"),
                        f"与第 {first} 行重复：同一位教师的同一项材料只能填写一行，"
                        "请删除其中一行。",
                        "score_sheet.duplicate",
                    )
                    continue
                seen[key] = row
                entries.append(
                    SheetEntry(
                        found.number,
                        found.point_code,
                        found.spec_code,
                        found.grade,
                        found.evidence,
                        found.assessor,
                    )
                )
                entry_rows.append(row)
                if found.assessor and found.grade is not None:
                    assessors.setdefault(found.assessor, None)

        if not entries and not issues:
            raise ValidationError(
                f"“{path.name}”中没有填写成绩的行。请在“能力点编号”“材料编号”“等级”列中"
                "填写成绩后再导入。",
                code="score_sheet.empty",
            )
        outcome = SheetOutcome(0, 0, 0, 0, 0)
        if entries:
            outcome = self._assessment.apply_sheet(
                school_id, entries, assessor=self._context.actor.username, dry_run=True
            )
            rows_by_number = {source.number: source for source in table.rows}
            for index, message in outcome.problems:
                entry = entries[index]
                about = _problem_field(entry, message, roster, school_id, catalogue)
                cell = rows_by_number[entry_rows[index]].cells.get(about, "") if about else ""
                issue(entry_rows[index], about, cell, message, "score_sheet.rejected")
        issues.sort(key=lambda i: i.row)
        progress(len(table.rows), len(table.rows), "检查完成")
        return ScoreSheetPlan(
            table=_slim(table, issues),
            school_id=school_id,
            school_code=school_code,
            school_name=school_name,
            entries=tuple(entries),
            entry_rows=tuple(entry_rows),
            issues=tuple(issues),
            outcome=outcome,
            blank_rows=blank,
            assessors=tuple(assessors),
        )

    @staticmethod
    def _check_row(
        row: int,
        cells: dict[str, object],
        issue: _Sink,
        *,
        school_code: str,
        school_name: str,
        school_names: dict[str, str],
        roster: dict[str, tuple[int, str, int]],
    ) -> _RowCheck:
        """Check one row's own cells; problems go to ``issue``."""
        found = _RowCheck()
        code = normalize_compact(_shown(cells.get("school_code")))
        if code and code != school_code:
            other = school_names.get(code)
            whose = f"是{other}的学校标识码" if other else "不是已登记学校的学校标识码"
            issue(
                row,
                "school_code",
                cells.get("school_code"),
                f"“{code}”{whose}，不是{school_name}（{school_code}）的。"
                "这份成绩表只能导入本校教师的成绩，请删除该行或改为导入到对应的学校。",
                "score_sheet.other_school",
            )
            found.structural = False
        raw_id = cells.get("id_number")
        try:
            found.number = parse_id_number(raw_id).number
        except ValidationError as exc:
            issue(row, "id_number", raw_id, exc.message, exc.code)
            found.structural = False
        name = _text(cells.get("name"))
        known = roster.get(found.number) if found.number else None
        if name and known is not None and normalize_compact(name) != normalize_compact(known[1]):
            issue(
                row,
                "name",
                cells.get("name"),
                f"姓名与教师花名册不一致：身份证号 {found.number} 登记的教师是“{known[1]}”。"
                "请核对身份证号是否填错。",
                "score_sheet.name",
            )
            found.structural = False
        found.point_code = normalize_point_code(_shown(cells.get("point_code")))
        if not found.point_code:
            issue(
                row,
                "point_code",
                "",
                "请填写能力点编号（如 A1、B3、C5）。",
                "score_sheet.point_missing",
            )
            found.structural = False
        found.spec_code = normalize_point_code(_shown(cells.get("spec_code")))
        if not found.spec_code:
            issue(
                row,
                "spec_code",
                "",
                "请填写材料编号（如 A1-1，见成绩表的“能力点目录”工作表）。",
                "score_sheet.spec_missing",
            )
            found.structural = False
        raw_grade = cells.get("grade")
        try:
            found.grade = parse_grade(raw_grade)
        except ValidationError as exc:
            issue(row, "grade", raw_grade, exc.message, exc.code)
        evidence = _text(cells.get("evidence"))
        if len(evidence) > EVIDENCE_LIMIT:
            issue(
                row,
                "evidence",
                evidence[:40],
                f"证据材料说明过长（{len(evidence)} 字），请控制在 {EVIDENCE_LIMIT} 字以内，"
                "或只填写作品链接。",
                "score_sheet.evidence_long",
            )
            evidence = ""
        found.evidence = evidence or None
        who = _text(cells.get("assessor"))
        if len(who) > _ASSESSOR_LIMIT:
            issue(
                row,
                "assessor",
                who[:40],
                f"评分人“{who[:20]}…”过长，请控制在 {_ASSESSOR_LIMIT} 字以内。",
                "score_sheet.assessor_long",
            )
            who = ""
        found.assessor = who or None
        return found

    def commit(self, plan: ScoreSheetPlan, *, assessor: str | None = None) -> SheetOutcome:
        """Write a checked sheet in one transaction; refused (nothing written) if rows failed.

        The grades are recorded as given by ``assessor``, else by the 评分人 the file names.
        """
        # Checked first: a refused role must not even cause the backup taken before imports.
        self._context.require(SCHOOL_ROLES, "导入考核成绩")
        self._context.require_school(plan.school_id, "导入考核成绩")
        if plan.issues:
            raise ImportRejectedError(
                f"“{plan.table.path.name}”中有 {len(plan.rejected_rows)} 行数据有问题，"
                "按“全部或不导入”的规则没有导入任何成绩。请按错误报告修改后重新导入。",
                details={"rejected": len(plan.rejected_rows)},
            )
        if not plan.entries:
            raise ValidationError(
                f"“{plan.table.path.name}”中没有填写成绩的行，没有可导入的内容。",
                code="score_sheet.empty",
            )
        who = normalize_text(assessor) or plan.file_assessor
        if len(who) > _ASSESSOR_LIMIT:
            raise ValidationError(
                "评分人姓名过长，请控制在 64 字以内。", code="score.assessor", field="assessor"
            )
        self._context.checkpoint("before-import")
        entries = plan.entries
        if normalize_text(assessor):
            # One assessor named for the whole import overrides the file's 评分人 column.
            entries = tuple(replace(entry, assessor=None) for entry in entries)
        outcome = self._assessment.apply_sheet(
            plan.school_id, entries, assessor=who, source=plan.table.path
        )
        if outcome.problems:
            index, message = outcome.problems[0]
            raise ImportRejectedError(
                f"检查文件之后数据有了变化，第 {plan.entry_rows[index]} 行现在不能导入"
                f"（{message}），没有导入任何成绩。请重新检查文件后再导入。",
                details={"rejected": len(outcome.problems)},
            )
        return outcome

    @staticmethod
    def default_report_path(plan: ScoreSheetPlan) -> Path:
        """The error workbook's default place: beside the source file."""
        return default_report_path(plan.table)

    def write_error_report(self, plan: ScoreSheetPlan, out: Path | None = None) -> Path:
        """The rejected rows as they were, with the source row number and every reason."""
        table = plan.table
        target = out or default_report_path(table)
        reasons: dict[int, list[str]] = {}
        for issue in plan.issues:
            column = f"“{issue.column}”列" if issue.column else ""
            value = f"（{issue.value}）" if issue.value else ""
            lead = f"{column}{value}：" if column or value else ""
            reasons.setdefault(issue.row, []).append(f"{lead}{issue.reason}")
        originals = {row.number: row for row in table.rows}
        headers = list(table.headers)

        def original(number: int) -> list[object]:
            values: list[object] = [""] * len(headers)
            row = originals.get(number)
            if row is not None:
                for name, index in table.mapping.items():
                    if index < len(values):
                        values[index] = row.cells.get(name, "")
            return values

        write_error_workbook(
            target,
            headers=headers,
            rows=[(n, original(n), "；".join(reasons[n])) for n in sorted(reasons)],
            # Reads "以下是文件“x.xlsx”工作表“成绩表”中未能导入的行".
            source_name=f"{table.path.name}”工作表“{table.sheet}",
        )
        return target

    # ------------------------------------------------------------ the score sheet

    @audited_export("scores", "考核成绩表", unit="行")
    def export_scores(
        self,
        out: Path,
        *,
        school_id: int | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> int:
        """The score sheet filled from the data (every active teacher × chosen point × item).

        A teacher without points gets one row with empty point columns to fill in.  Returns
        the data rows written.  A school coordinator always gets their own school.  The whole
        county (no ``school_id``) can be hundreds of thousands of rows: progress is reported
        and Cancel leaves ``out`` as it was.
        """
        actor = self._context.actor
        if actor.role == Role.SCHOOL_COORDINATOR:
            school_id = actor.school_id if school_id is None else school_id
            if school_id is not None:
                self._context.require_school(school_id, "导出其他学校的成绩表")
        with self._context.read() as session:
            cycle = current_cycle(session)
            region = session.scalars(select(WorkspaceRow.region_name)).one()
            catalogue = workspace_catalogue(session)
            if school_id is not None:
                school = get_school(session, school_id)
                environments = set(plan_environments(session, school, cycle))
                title = f"{school.name}　{cycle}年度校本应用考核成绩表"
            else:
                environments = {p.environment for p in catalogue.points}
                title = f"{region}{cycle}年度校本应用考核成绩表"
            teachers = _sheet_teachers(session, school_id)
            items = _sheet_items(session, cycle, school_id)
        points = [
            CatalogueRow(p.code, p.name, p.dimension, spec.code, spec.name)
            for p in catalogue.points
            if p.environment in environments or not environments
            for spec in p.evidence
        ]
        total = sum(max(1, len(items.get(t[0], ()))) for t in teachers)
        return write_score_sheet(
            out,
            _score_rows(teachers, items),
            title=title,
            catalogue=points,
            total=total,
            progress=progress,
            cancel=cancel.check if cancel is not None else None,
        )

    # ------------------------------------------------------------ outputs

    @audited_export("assessment_results", "校本应用考核结果", unit="名教师")
    def export_results(self, out: Path, school_id: int) -> int:
        """A school's 校本应用考核结果 workbook (teacher × point × grade); returns teachers."""
        self._context.require_school(school_id, "导出其他学校的考核结果")
        with self._context.read() as session:
            school = get_school(session, school_id)
            cycle = current_cycle(session)
            preset = workspace_preset(session)
            context = _review_context(session, school, cycle)
            sheet = load_sheet(
                session, school_id, cycle, min_points=preset.points.min_points, context=context
            )
            batch = batch_record(session, school, cycle)
        rows: list[ResultRow] = []
        for row in sheet.rows:
            points = tuple(
                (f"{p.code} {p.name}", p.grade.label if p.grade else "未评完") for p in row.points
            )
            if row.result is not None:
                result = row.result.label
            else:
                result = "未选点" if not row.points else "待定"
            rows.append(
                ResultRow(row.name, row.id_number, points, result, _review_label(row, batch.state))
            )
        counts: defaultdict[str, int] = defaultdict(int)
        for r in rows:
            counts[r.result] += 1
        note = (
            f"统计：在职教师 {len(rows)} 人，优秀 {counts['优秀']} 人，合格 {counts['合格']} 人，"
            f"不合格 {counts['不合格']} 人，待定 {counts['待定'] + counts['未选点']} 人。"
            f"批次状态：{batch.state.label}。"
        )
        return write_results_workbook(
            out,
            school_name=school.name,
            cycle=cycle,
            filled_on=date.today(),
            rows=rows,
            point_slots=preset.points.min_points,
            notes=(note, "身份证号已部分隐藏；能力点“未评完”表示还有证据材料没有评分。"),
        )

    @audited_export("assessment_results", "校本应用考核汇总表", unit="所学校")
    def export_summary(self, out: Path) -> int:
        """The county's summary workbook (按学校, 按能力点, totals); returns schools."""
        self._context.require(COUNTY_READERS, "导出校本应用考核汇总表")
        with self._context.read() as session:
            cycle = current_cycle(session)
            region = session.scalars(select(WorkspaceRow.region_name)).one()
            min_points = workspace_preset(session).points.min_points
            schools = _school_summary(session, cycle, min_points)
            points = _point_summary(session, cycle)
        return write_summary_workbook(
            out,
            region=region,
            cycle=cycle,
            filled_on=date.today(),
            schools=schools,
            points=points,
        )

    @audited_export("submissions", "审核记录", unit="页")
    def review_record_pdf(self, out: Path, school_id: int) -> int:
        """The printable 审核记录 of a school's batch; returns the page count."""
        self._context.require(COUNTY_READERS, "打印审核记录")
        review = self._review.school(school_id)
        with self._context.read() as session:
            region = _region(session)
        batch = review.batch
        events = [
            ReviewEventLine(
                at=e.at,
                actor=e.actor,
                action=_event_action(e.from_state, e.to_state),
                subject=e.teacher_name or (f"材料 {e.item_code}" if e.item_code else ""),
                reason=e.reason or "",
            )
            for e in batch.events
        ]
        teachers = [
            ReviewTeacherLine(
                name=row.name,
                id_number=row.id_number,
                points="；".join(
                    f"{code} {grade.label if grade else '未评完'}" for code, grade in row.points
                ),
                result=row.result.label if row.result else "待定",
                state=row.state.label if row.state else "未提交",
                reason=row.reason or ("需关注：" + "；".join(row.flags) if row.flags else ""),
            )
            for row in review.rows
        ]
        states = [
            (state.label, sum(row.state is state for row in review.rows)) for state in ReviewState
        ]
        grades = [(grade.label, sum(row.result is grade for row in review.rows)) for grade in Grade]
        grades.append(("待定", sum(row.result is None for row in review.rows)))
        record = ReviewRecord(
            region=region,
            school_code=batch.school_code,
            school_name=batch.school_name,
            cycle=batch.cycle,
            batch_state=batch.state.label,
            submitted=_who_when(batch.submitted_at, batch.submitted_by),
            decided=_who_when(batch.decided_at, batch.decided_by),
            events=events,
            teachers=teachers,
            state_counts=states,
            grade_counts=grades,
        )
        return write_review_record_pdf(out, record)

    @audited_export("sampling_checks", "抽样检查记录", unit="条")
    def sampling_record(self, out: Path, draw_id: int) -> int:
        """The 抽样检查记录 of a draw: PDF (default) or .xlsx by suffix; returns the checks."""
        self._context.require(COUNTY_READERS, "打印抽样检查记录")
        suffix = sampling_record_format(out)
        record = self._review.sample(draw_id)
        with self._context.read() as session:
            region = session.scalars(select(WorkspaceRow.region_name)).one()
        info = SamplingInfo(
            region=region,
            cycle=record.cycle,
            size_label=record.size_label,
            seed=record.seed,
            drawn_by=record.drawn_by,
            drawn_at=record.drawn_at,
        )
        rows = [
            SamplingRow(
                school=c.school_name,
                teacher=c.teacher_name,
                id_number=c.id_number,
                point=f"{c.point_code} {c.point_name}",
                original_grade=c.original_grade.label if c.original_grade else "",
                recheck_grade=c.recheck_grade.label if c.recheck_grade else "",
                outcome=c.outcome.label,
                notes=c.notes or "",
                checked_by=c.checked_by or "",
            )
            for c in record.checks
        ]
        if suffix == ".xlsx":
            write_sampling_workbook(out, info=info, rows=rows)
        else:
            write_sampling_record_pdf(out, info=info, rows=rows)
        return len(rows)


# ---------------------------------------------------------------- helpers


def sampling_record_format(out: Path) -> str:
    """ ".pdf" or ".xlsx" for where a sampling record goes (PDF when there is no suffix)."""
    suffix = out.suffix.lower()
    if suffix not in ("", ".pdf", ".xlsx"):
        raise ValidationError(
            f"抽样检查记录只能保存为 PDF（.pdf）或 Excel（.xlsx）文件，“{out.name}”不是。"
            "请换一个文件名。",
            code="sampling.record_format",
            field="out",
            value=str(out),
        )
    return suffix or ".pdf"


class _LabelOf:
    """The file's own header texts, for messages and the error report."""

    def __init__(self, table: TableData) -> None:
        self._label = {
            name: table.headers[index] if index < len(table.headers) else _LABELS[name]
            for name, index in table.mapping.items()
        }

    def __call__(self, name: str | None) -> str:
        if name is None:
            return ""
        return self._label.get(name) or _LABELS.get(name, name)


def _problem_field(
    entry: SheetEntry,
    message: str,
    roster: dict[str, tuple[int, str, int]],
    school_id: int,
    catalogue: Catalogue,
) -> str | None:
    """The column a problem of apply_sheet is about, from what the row says."""
    known = roster.get(entry.id_number)
    if known is None or known[2] != school_id or "停用" in message:
        return "id_number"
    point = catalogue.find(entry.point_code)
    if point is None or message.startswith("选点不符合要求"):
        return "point_code"
    if entry.spec_code not in {spec.code for spec in point.evidence}:
        return "spec_code"
    return None


def _roster(session: Session, numbers: Sequence[str]) -> dict[str, tuple[int, str, int]]:
    """身份证号 → (teacher id, name, school id) for the numbers in a file."""
    found: dict[str, tuple[int, str, int]] = {}
    for start in range(0, len(numbers), _ID_CHUNK):
        chunk = numbers[start : start + _ID_CHUNK]
        for number, tid, name, sid in session.execute(
            select(Teacher.id_number, Teacher.id, Teacher.name, Teacher.school_id).where(
                Teacher.id_number.in_(chunk)
            )
        ):
            found[number] = (tid, name, sid)
    return found


def _slim(table: TableData, issues: Sequence[RowIssue]) -> TableData:
    """The first rows and the rejected ones (the error report needs them as they were)."""
    rejected = {issue.row for issue in issues}
    kept = tuple(
        row for index, row in enumerate(table.rows) if index < _KEPT_ROWS or row.number in rejected
    )
    return replace(table, rows=kept)


def _region(session: Session) -> str:
    row = session.scalars(select(WorkspaceRow)).one()
    parts = [row.province_name or "", row.parent_name or "", row.region_name]
    return "".join(dict.fromkeys(p for p in parts if p))


def _who_when(moment: datetime | None, who: str | None) -> str:
    return " ".join(p for p in (format_moment(moment), who or "") if p)


def _state_label(value: str | None) -> str:
    try:
        return SubmissionState(value).label if value else ""
    except ValueError:
        return value or ""


def _event_action(from_state: str | None, to_state: str) -> str:
    """已提交 → 已退回 for a transition; 退回理由 and the like for a reason line."""
    if from_state is None:
        return f"{_state_label(to_state)}（说明理由）"
    return f"{_state_label(from_state)} → {_state_label(to_state)}"


def _review_label(row: GridRow, state: SubmissionState) -> str:
    """The teacher's review state, else where the batch is (未提交 while a draft)."""
    if row.review_state is not None:
        return row.review_state.label
    return "未提交" if state is SubmissionState.DRAFT else state.label


def _review_context(session: Session, school: School, cycle: int) -> SelectionContext:
    """The selection rule for reading a school's sheet (as the review reads it)."""
    return SelectionContext(
        workspace_catalogue(session),
        workspace_preset(session).points,
        plan_environments(session, school, cycle),
        (),
    )


_TeacherRow = tuple[int, str, str, str, str]  # id, id_number, name, school code, school name
# point code, point name, item code, item name, evidence, grade label, assessor, scored at
_ItemRow = tuple[str, str, str, str, str, str, str, datetime | None]


def _sheet_teachers(session: Session, school_id: int | None) -> list[_TeacherRow]:
    query = (
        select(Teacher.id, Teacher.id_number, Teacher.name, School.code, School.name)
        .join(School, School.id == Teacher.school_id)
        .where(Teacher.status == _ACTIVE)
        .order_by(School.code, Teacher.id)
    )
    if school_id is not None:
        query = query.where(Teacher.school_id == school_id)
    return [
        (tid, number, name, code, school)
        for tid, number, name, code, school in session.execute(query)
    ]


def _sheet_items(session: Session, cycle: int, school_id: int | None) -> dict[int, list[_ItemRow]]:
    """The items of the cycle's selections with their grades, by teacher id."""
    query = (
        select(
            PointSelection.teacher_id,
            AbilityPoint.code,
            AbilityPoint.name,
            EvidenceItem.spec_code,
            EvidenceSpecRow.name,
            EvidenceItem.external_ref,
            EvidenceItem.file_name,
            Score.grade,
            Score.assessor,
            Score.scored_at,
        )
        .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
        .join(EvidenceItem, EvidenceItem.selection_id == PointSelection.id)
        .outerjoin(
            EvidenceSpecRow,
            and_(
                EvidenceSpecRow.point_id == PointSelection.point_id,
                EvidenceSpecRow.code == EvidenceItem.spec_code,
            ),
        )
        .outerjoin(Score, Score.evidence_item_id == EvidenceItem.id)
        .where(PointSelection.cycle == cycle)
        .order_by(
            PointSelection.teacher_id,
            AbilityPoint.id,
            EvidenceSpecRow.sort_order,
            EvidenceItem.spec_code,
        )
    )
    if school_id is not None:
        query = query.where(
            PointSelection.teacher_id.in_(
                select(Teacher.id).where(Teacher.school_id == school_id).scalar_subquery()
            )
        )
    items: dict[int, list[_ItemRow]] = defaultdict(list)
    for tid, code, name, spec, spec_name, ref, file_name, grade, who, at in session.execute(query):
        evidence = ref or (f"已上传文件：{file_name}" if file_name else "")
        label = Grade(grade).label if grade else ""
        items[tid].append((code, name, spec, spec_name or spec, evidence, label, who or "", at))
    return items


def _score_rows(
    teachers: Sequence[_TeacherRow], items: dict[int, list[_ItemRow]]
) -> Iterator[ScoreSheetRow]:
    for tid, number, name, school_code, school_name in teachers:
        own = items.get(tid)
        if not own:
            yield ScoreSheetRow(school_code, school_name, number, name)
            continue
        for code, point_name, spec, spec_name, evidence, grade, who, at in own:
            yield ScoreSheetRow(
                school_code,
                school_name,
                number,
                name,
                code,
                point_name,
                spec,
                spec_name,
                evidence,
                grade,
                who,
                at.astimezone().date() if at is not None else None,
            )


def _school_summary(session: Session, cycle: int, min_points: int) -> list[SchoolSummaryRow]:
    """Teacher counts per school in two GROUP BY queries (per teacher, then per school)."""
    grade = PointSelection.grade
    per_teacher = (
        select(
            PointSelection.teacher_id.label("teacher_id"),
            func.sum(case((grade == Grade.FAIL.value, 1), else_=0)).label("fails"),
            func.sum(case((grade.is_not(None), 1), else_=0)).label("graded"),
            func.sum(case((grade == Grade.EXCELLENT.value, 1), else_=0)).label("excellent"),
        )
        .where(PointSelection.cycle == cycle)
        .group_by(PointSelection.teacher_id)
        .subquery()
    )
    # domain.grading.teacher_result in SQL: any 不合格 → 不合格; fewer graded points than the
    # rule's minimum → pending; all graded 优秀 → 优秀; else 合格.
    result = case(
        (per_teacher.c.teacher_id.is_(None), null()),
        (per_teacher.c.fails > 0, Grade.FAIL.value),
        (per_teacher.c.graded < max(1, min_points), null()),
        (per_teacher.c.excellent == per_teacher.c.graded, Grade.EXCELLENT.value),
        else_=Grade.PASS.value,
    )
    teachers = (
        select(
            Teacher.school_id.label("school_id"),
            per_teacher.c.teacher_id.label("chosen"),
            result.label("result"),
        )
        .outerjoin(per_teacher, per_teacher.c.teacher_id == Teacher.id)
        .where(Teacher.status == _ACTIVE)
        .subquery()
    )
    counts = {
        sid: (int(total), int(chosen), int(exc or 0), int(passed or 0), int(failed or 0))
        for sid, total, chosen, exc, passed, failed in session.execute(
            select(
                teachers.c.school_id,
                func.count(),
                func.count(teachers.c.chosen),
                *(
                    func.sum(case((teachers.c.result == g.value, 1), else_=0))
                    for g in (Grade.EXCELLENT, Grade.PASS, Grade.FAIL)
                ),
            ).group_by(teachers.c.school_id)
        )
    }
    batches = {
        sid: (state, submitted, decided)
        for sid, state, submitted, decided in session.execute(
            select(
                Submission.school_id,
                Submission.state,
                Submission.submitted_at,
                Submission.decided_at,
            ).where(Submission.cycle == cycle)
        )
    }
    out: list[SchoolSummaryRow] = []
    for sid, code, name in session.execute(
        select(School.id, School.code, School.name)
        .where(School.status == "active")
        .order_by(School.code)
    ):
        total, chosen, exc, passed, failed = counts.get(sid, (0, 0, 0, 0, 0))
        state, submitted, decided = batches.get(sid, (None, None, None))
        out.append(
            SchoolSummaryRow(
                school_code=code,
                school_name=name,
                teachers=total,
                with_points=chosen,
                excellent=exc,
                passed=passed,
                failed=failed,
                batch_state=_state_label(state) if state else "未提交",
                submitted_at=submitted,
                decided_at=decided,
            )
        )
    return out


def _point_summary(session: Session, cycle: int) -> list[PointSummaryRow]:
    """Selections per point of the catalogue in force, by grade (one GROUP BY)."""
    chosen = (
        select(PointSelection.id, PointSelection.point_id, PointSelection.grade)
        .join(Teacher, Teacher.id == PointSelection.teacher_id)
        .where(PointSelection.cycle == cycle, Teacher.status == _ACTIVE)
        .subquery()
    )
    query = (
        select(
            AbilityPoint.code,
            AbilityPoint.name,
            AbilityPoint.dimension,
            func.count(chosen.c.id),
            *(
                func.sum(case((chosen.c.grade == g.value, 1), else_=0))
                for g in (Grade.EXCELLENT, Grade.PASS, Grade.FAIL)
            ),
            func.sum(case((and_(chosen.c.id.is_not(None), chosen.c.grade.is_(None)), 1), else_=0)),
        )
        .join(WorkspaceRow, WorkspaceRow.catalogue_id == AbilityPoint.catalogue_id)
        .outerjoin(chosen, chosen.c.point_id == AbilityPoint.id)
        .group_by(AbilityPoint.id, AbilityPoint.code, AbilityPoint.name, AbilityPoint.dimension)
        .order_by(AbilityPoint.id)
    )
    return [
        PointSummaryRow(
            code, name, dimension, int(n), int(e or 0), int(p or 0), int(f or 0), int(i or 0)
        )
        for code, name, dimension, n, e, p, f, i in session.execute(query)
    ]


__all__ = [
    "EVIDENCE_LIMIT",
    "ScoreSheetPlan",
    "ScoreSheetService",
    "sampling_record_format",
]
