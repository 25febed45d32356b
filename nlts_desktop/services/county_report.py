"""The county report (区县上报包): what the county sends the city.

``data/`` carries the county, its schools with their batch states, every active teacher with
hours (integer half-hours, so nothing drifts), the hours verdict and the assessment result, and
the review and sampling records; ``forms/`` the county's hours and assessment summaries in
their printed layouts; ``report.pdf`` a cover with the totals, a table per school and the
signature/seal block.  When the city's public key is registered (or given), the package is
sealed to it: ID numbers and names never travel readable on a stick.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from nlts_desktop.domain.enums import WorkspaceLevel
from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.exchange.package import PackageContent, WrittenPackage
from nlts_desktop.exchange.report_cover import CoverReport, cover_pdf
from nlts_desktop.services.assessment import current_cycle
from nlts_desktop.services.context import REVIEW_ROLES, ServiceContext
from nlts_desktop.services.hours import HoursService
from nlts_desktop.services.keys import KeyService, workspace_origin
from nlts_desktop.services.packages import PackageService
from nlts_desktop.services.progress import Progress, no_progress
from nlts_desktop.services.review import ReviewService
from nlts_desktop.services.school_kit import next_sequence
from nlts_desktop.storage.models import (
    AssessmentResult,
    School,
    Submission,
    Teacher,
    WorkspaceRow,
)

KIND = "county_report"
TEACHER_FIELDS = (
    "id_number", "name", "gender", "school_code", "stage_code", "subject_code", "title_code",
    "online", "practice", "other", "qualified", "result_state", "result_grade",
)  # fmt: skip

#: A form written into the package: (name inside ``forms/``, writer of that file).
FormWriter = tuple[str, Callable[[Path], object]]


@dataclass(frozen=True)
class CountyTotals:
    """A county's headline figures (the same on the cover, in the city, in the tests)."""

    schools: int
    teachers: int
    qualified: int
    assessment_passed: int
    online_half_hours: int
    practice_half_hours: int


def half_hours(hours: float) -> int:
    """Hours (always whole halves in the ledger) as an exact integer of half-hours."""
    return round(hours * 2)


def totals_of(teachers: Sequence[Sequence[Any]], schools: int) -> CountyTotals:
    """Totals over teacher rows in TEACHER_FIELDS order."""
    index = {name: i for i, name in enumerate(TEACHER_FIELDS)}
    return CountyTotals(
        schools=schools,
        teachers=len(teachers),
        qualified=sum(1 for t in teachers if t[index["qualified"]]),
        assessment_passed=sum(
            1 for t in teachers if passed(t[index["result_state"]], t[index["result_grade"]])
        ),
        online_half_hours=sum(int(t[index["online"]]) for t in teachers),
        practice_half_hours=sum(int(t[index["practice"]]) for t in teachers),
    )


def passed(state: str | None, grade: str | None) -> bool:
    """An approved result with a passing grade (合格 or better)."""
    return state == "approved" and grade not in (None, "fail")


class CountyReportService:
    """Make the county's report for the city."""

    def __init__(
        self,
        context: ServiceContext,
        keys: KeyService,
        packages: PackageService,
        hours: HoursService,
        review: ReviewService,
        forms: Sequence[FormWriter] = (),
    ) -> None:
        self._context = context
        self._keys = keys
        self._packages = packages
        self._hours = hours
        self._review = review
        self._forms = tuple(forms)

    def make(
        self,
        out: Path,
        *,
        recipient_key: Path | None = None,
        progress: Progress = no_progress,
    ) -> WrittenPackage:
        """Write the report; sealed to the city when its key is registered or given here.

        ``recipient_key`` is the city's public key file (.nltskey): it is registered first (the
        clerk has checked its fingerprint with the city), then used.
        """
        self._context.require(REVIEW_ROLES, "生成区县上报包")
        with self._context.read() as session:
            row = session.scalars(select(WorkspaceRow)).one()
            if row.level != WorkspaceLevel.COUNTY.value:
                raise ValidationError(
                    "只有区县工作区才能生成区县上报包。", code="county_report.not_county"
                )
            if not row.parent_code:
                raise ValidationError(
                    "工作区没有设置上级（地市）的代码，不知道上报包发给谁。"
                    "请在工作区设置中填写上级单位。",
                    code="county_report.no_parent",
                )
        if recipient_key is not None:
            card = self._keys.read_card(recipient_key)
            if card.origin.code != row.parent_code:
                raise ValidationError(
                    f"公钥文件“{recipient_key.name}”属于{card.origin.name}（{card.origin.code}），"
                    f"不是本区县的上级（{row.parent_name or ''}，{row.parent_code}）。",
                    code="county_report.recipient",
                )
            self._keys.import_public(recipient_key)
        progress(0, 4, "正在汇总教师学时和考核结果……")
        data, totals, school_rows = self._data()
        progress(1, 4, "正在生成汇总表……")
        files = self._form_files()
        progress(2, 4, "正在生成封面报告……")
        with self._context.read() as session:
            origin = workspace_origin(session)
            sequence = next_sequence(session)
        files["report.pdf"] = cover_pdf(
            CoverReport(
                title=f"{origin.name}中小学教师信息技术应用能力提升工程2.0区县上报汇总",
                unit=f"{row.parent_name or ''}{origin.name}",
                period=f"{data['county']['cycle']} 年度",
                made_on=date.today(),
                totals=(
                    ("学校数", f"{totals.schools:,}"),
                    ("在职教师数", f"{totals.teachers:,}"),
                    ("已达标人数", f"{totals.qualified:,}"),
                    ("考核通过人数", f"{totals.assessment_passed:,}"),
                    ("网络研修学时合计", _hours_text(totals.online_half_hours)),
                    ("校本实践学时合计", _hours_text(totals.practice_half_hours)),
                ),
                table_title="各学校完成情况",
                table_headers=(
                    "学校标识码",
                    "学校名称",
                    "在职教师",
                    "已达标",
                    "考核通过",
                    "考核批次",
                ),
                table_rows=school_rows,
                notes=(
                    "本报告随区县上报包一同生成，数据以包内 data 目录中的数据为准。",
                    "“已达标”指学时和校本应用考核均符合本区县规则的要求。",
                ),
            )
        )
        progress(3, 4, "正在签名并写入上报包……")
        content = PackageContent(
            kind=KIND,
            origin=origin,
            sequence=sequence,
            period=str(data["county"]["cycle"]),
            data=data,
            files=files,
            counts={
                "schools": totals.schools,
                "teachers": totals.teachers,
                "qualified": totals.qualified,
            },
            recipient=row.parent_code,
        )
        written = self._packages.send(
            out, content, recipient_code=row.parent_code, message=f"上报{row.parent_name or '地市'}"
        )
        progress(4, 4, "上报包已生成")
        return written

    def _data(self) -> tuple[dict[str, Any], CountyTotals, list[list[str]]]:
        """The report's data, its totals and the cover's table rows (one per school)."""
        verdicts = self._hours.teacher_hours()
        with self._context.read() as session:
            row = session.scalars(select(WorkspaceRow)).one()
            cycle = current_cycle(session)
            people = {
                tid: rest
                for tid, *rest in session.execute(
                    select(
                        Teacher.id,
                        Teacher.gender,
                        Teacher.stage_code,
                        Teacher.subject_code,
                        Teacher.title_code,
                    ).where(Teacher.status == "active")
                ).all()
            }
            results = {
                tid: (state, grade)
                for tid, state, grade in session.execute(
                    select(
                        AssessmentResult.teacher_id, AssessmentResult.state, AssessmentResult.grade
                    ).where(AssessmentResult.cycle == cycle)
                ).all()
            }
            batches = {
                sid: (state, submitted_at, decided_at, decided_by, reason)
                for sid, state, submitted_at, decided_at, decided_by, reason in session.execute(
                    select(
                        Submission.school_id,
                        Submission.state,
                        Submission.submitted_at,
                        Submission.decided_at,
                        Submission.decided_by,
                        Submission.return_reason,
                    ).where(Submission.cycle == cycle)
                ).all()
            }
            schools = session.scalars(
                select(School).where(School.status == "active").order_by(School.code)
            ).all()
            school_values = [
                {
                    "code": s.code,
                    "name": s.name,
                    "category_code": s.category_code,
                    "stage_code": s.stage_code,
                    "urban_rural_code": s.urban_rural_code,
                    "batch_state": batches[s.id][0] if s.id in batches else None,
                }
                for s in schools
            ]
            batch_values = [
                {
                    "school_code": s.code,
                    "state": batches[s.id][0],
                    "submitted_at": _iso(batches[s.id][1]),
                    "decided_at": _iso(batches[s.id][2]),
                    "decided_by": batches[s.id][3],
                    "return_reason": batches[s.id][4],
                }
                for s in schools
                if s.id in batches
            ]
            county = {
                "code": row.region_code,
                "name": row.region_name,
                "parent_code": row.parent_code,
                "parent_name": row.parent_name,
                "preset_id": row.preset_id,
                "cycle": cycle,
            }
        teachers: list[list[Any]] = []
        for verdict in verdicts:
            gender, stage, subject, title = people.get(verdict.teacher_id, (None,) * 4)
            state, grade = results.get(verdict.teacher_id, (None, None))
            teachers.append(
                [
                    verdict.id_number,
                    verdict.name,
                    gender,
                    verdict.school_code,
                    stage,
                    subject,
                    title,
                    half_hours(verdict.online),
                    half_hours(verdict.practice),
                    half_hours(verdict.other),
                    verdict.qualified,
                    state,
                    grade,
                ]
            )
        draws = []
        for draw in self._review.draws():
            sample = self._review.sample(draw.draw_id)
            draws.append(
                {
                    "cycle": draw.cycle,
                    "size": draw.size_label,
                    "seed": draw.seed,
                    "drawn_by": draw.drawn_by,
                    "drawn_at": _iso(draw.drawn_at),
                    "checks": [
                        {
                            "school_code": c.school_code,
                            "id_number": c.id_number,
                            "point": c.point_code,
                            "original_grade": c.original_grade.value if c.original_grade else None,
                            "recheck_grade": c.recheck_grade.value if c.recheck_grade else None,
                            "outcome": c.outcome.value,
                            "notes": c.notes,
                            "checked_by": c.checked_by,
                            "checked_at": _iso(c.checked_at),
                        }
                        for c in sample.checks
                    ],
                }
            )
        totals = totals_of(teachers, len(school_values))
        by_school: dict[str, list[list[Any]]] = {}
        for teacher in teachers:
            by_school.setdefault(teacher[3], []).append(teacher)
        states = {
            "draft": "未提交",
            "submitted": "待审核",
            "returned": "已退回",
            "approved": "已通过",
        }
        school_rows: list[list[str]] = []
        for school in school_values:
            own = totals_of(by_school.get(str(school["code"]), []), 1)
            school_rows.append(
                [
                    str(school["code"]),
                    str(school["name"]),
                    f"{own.teachers:,}",
                    f"{own.qualified:,}",
                    f"{own.assessment_passed:,}",
                    states.get(school["batch_state"] or "", "未开始"),
                ]
            )
        data: dict[str, Any] = {
            "county": county,
            "schools": school_values,
            "teacher_fields": list(TEACHER_FIELDS),
            "teachers": teachers,
            "batches": batch_values,
            "draws": draws,
        }
        return data, totals, school_rows

    def _form_files(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        with tempfile.TemporaryDirectory(prefix="nlts-forms-") as folder:
            for name, write in self._forms:
                path = Path(folder) / name
                write(path)
                files[f"forms/{name}"] = path.read_bytes()
        return files


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _hours_text(half: int) -> str:
    whole, rest = divmod(half, 2)
    return f"{whole:,}.5" if rest else f"{whole:,}"
