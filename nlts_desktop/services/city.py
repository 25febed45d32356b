"""City mode: the county reports the city has taken in, per county, and the city's totals.

Each county's data is a read-only copy of its newest report: taking in a newer report of the
same county replaces what the older one brought (in one transaction; the preview shows the
difference first).  Nothing here edits a county's data; the county corrects it and reports
again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.enums import Role, WorkspaceLevel
from nlts_desktop.domain.errors import AppError
from nlts_desktop.exchange.forms import CountyTotalsRow, write_city_summary
from nlts_desktop.exchange.package import OpenedPackage
from nlts_desktop.services.audit import audited_export
from nlts_desktop.services.context import ServiceContext
from nlts_desktop.services.county_report import KIND, TEACHER_FIELDS
from nlts_desktop.services.intake import Changes, Inspection, Refusal
from nlts_desktop.storage.models import CityCounty, CitySchool, CityTeacher, WorkspaceRow

CITY_READERS = frozenset(Role)
_BATCH = 2000


@dataclass(frozen=True)
class CountyTotalsRecord:
    """One county's figures as the city holds them."""

    code: str
    name: str
    sequence: int
    reported_at: str
    schools: int
    teachers: int
    qualified: int
    assessment_passed: int
    online_half_hours: int
    practice_half_hours: int

    @property
    def rate(self) -> float | None:
        """已达标 / 在职教师."""
        return self.qualified / self.teachers if self.teachers else None


class CountyReportIntake:
    """The city takes in a county's report (an ``services.intake`` handler)."""

    kind = KIND
    levels = frozenset({WorkspaceLevel.CITY})
    roles = frozenset({Role.COUNTY_ADMIN, Role.COUNTY_REVIEWER})
    action = "导入区县上报包"

    def summarize(self, opened: OpenedPackage) -> Inspection:
        data = opened.content.data
        county = data.get("county") or {}
        counts = opened.manifest.counts
        return Inspection(
            f"{county.get('name', opened.manifest.origin.name)}"
            f"（{county.get('code', opened.manifest.origin.code)}）的区县上报包",
            (
                f"{county.get('cycle', '')} 年度：学校 {counts.get('schools', 0):,} 所，"
                f"在职教师 {counts.get('teachers', 0):,} 名，"
                f"已达标 {counts.get('qualified', 0):,} 名",
                f"抽样复核记录 {len(data.get('draws', []))} 次",
            ),
            Changes(),
            unit="名教师",
        )

    def inspect(self, session: Session, opened: OpenedPackage) -> Inspection:
        manifest = opened.manifest
        data = opened.content.data
        county = data.get("county") or {}
        own = session.scalars(select(WorkspaceRow)).one()
        if manifest.origin.level != "county" or county.get("code") != manifest.origin.code:
            raise Refusal(
                f"这个上报包的来源（{manifest.origin.name}）不是区县，不能作为区县上报包导入。",
                "city.not_county",
            )
        if county.get("parent_code") != own.region_code:
            raise Refusal(
                f"{county.get('name')}的上级是“{county.get('parent_name') or '未填写'}"
                f"（{county.get('parent_code') or '无代码'}）”，不是本市（{own.region_name}，"
                f"{own.region_code}），不能导入。",
                "city.other_city",
            )
        if list(data.get("teacher_fields", [])) != list(TEACHER_FIELDS):
            raise Refusal(
                "上报包中的教师数据列与本程序不一致，可能是不同版本的程序生成的。"
                "请升级到最新版本后重新导入，或请区县用相同版本重新生成。",
                "city.fields",
            )
        # The newer report replaces the older: compare teacher by teacher.
        old = {
            number: (school, online, practice, qualified, state, grade)
            for number, school, online, practice, qualified, state, grade in session.execute(
                select(
                    CityTeacher.id_number,
                    CityTeacher.school_code,
                    CityTeacher.online_half_hours,
                    CityTeacher.practice_half_hours,
                    CityTeacher.hours_qualified,
                    CityTeacher.result_state,
                    CityTeacher.result_grade,
                ).where(CityTeacher.county_code == county["code"])
            ).all()
        }
        new = changed = unchanged = 0
        seen = set()
        for t in data.get("teachers", []):
            number = t[0]
            seen.add(number)
            before = old.get(number)
            now = (t[3], t[7], t[8], bool(t[10]), t[11], t[12])
            if before is None:
                new += 1
            elif before == now:
                unchanged += 1
            else:
                changed += 1
        summary = self.summarize(opened)
        return Inspection(
            summary.title,
            summary.details,
            Changes(new=new, changed=changed, unchanged=unchanged, removed=len(set(old) - seen)),
            summary.unit,
        )

    def apply(self, session: Session, opened: OpenedPackage) -> str:
        manifest = opened.manifest
        data = opened.content.data
        county = data["county"]
        code = county["code"]
        session.execute(delete(CityTeacher).where(CityTeacher.county_code == code))
        session.execute(delete(CitySchool).where(CitySchool.county_code == code))
        session.execute(delete(CityCounty).where(CityCounty.code == code))
        session.add(
            CityCounty(
                code=code,
                name=county["name"],
                package_id=manifest.package_id,
                sequence=manifest.sequence,
                period=manifest.period,
                cycle=int(county["cycle"]),
                preset_id=str(county.get("preset_id") or ""),
                signer_fingerprint=opened.signer_fingerprint,
                reported_at=manifest.created_at,
                records_json=json.dumps(
                    {"batches": data.get("batches", []), "draws": data.get("draws", [])},
                    ensure_ascii=False,
                ),
            )
        )
        session.flush()
        schools = [
            {
                "county_code": code,
                "code": s["code"],
                "name": s["name"],
                "category_code": s.get("category_code"),
                "stage_code": s.get("stage_code"),
                "urban_rural_code": s.get("urban_rural_code"),
                "batch_state": s.get("batch_state"),
            }
            for s in data.get("schools", [])
        ]
        if schools:
            session.execute(insert(CitySchool), schools)
        rows: list[dict[str, Any]] = []
        teachers = data.get("teachers", [])
        for t in teachers:
            rows.append(
                {
                    "county_code": code,
                    "id_number": t[0],
                    "name": t[1],
                    "gender": t[2],
                    "school_code": t[3],
                    "stage_code": t[4],
                    "subject_code": t[5],
                    "title_code": t[6],
                    "online_half_hours": int(t[7]),
                    "practice_half_hours": int(t[8]),
                    "other_half_hours": int(t[9]),
                    "hours_qualified": bool(t[10]),
                    "result_state": t[11],
                    "result_grade": t[12],
                }
            )
            if len(rows) >= _BATCH:
                session.execute(insert(CityTeacher), rows)
                rows = []
        if rows:
            session.execute(insert(CityTeacher), rows)
        session.flush()
        return f"{county['name']}：学校 {len(schools):,} 所，教师 {len(teachers):,} 名"


class CityService:
    """What the city holds: per-county totals, the teachers of a county, the city's form."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def counties(self) -> list[CountyTotalsRecord]:
        """Every reported county with its figures, by county code."""
        self._context.require(CITY_READERS, "查看各区县汇总")
        passed_case = case(
            (
                (CityTeacher.result_state == "approved")
                & CityTeacher.result_grade.is_not(None)
                & (CityTeacher.result_grade != "fail"),
                1,
            ),
            else_=0,
        )
        with self._context.read() as session:
            figures = {
                code: (teachers, qualified, ok, online, practice)
                for code, teachers, qualified, ok, online, practice in session.execute(
                    select(
                        CityTeacher.county_code,
                        func.count(),
                        func.sum(case((CityTeacher.hours_qualified, 1), else_=0)),
                        func.sum(passed_case),
                        func.sum(CityTeacher.online_half_hours),
                        func.sum(CityTeacher.practice_half_hours),
                    ).group_by(CityTeacher.county_code)
                ).all()
            }
            schools = dict(
                session.execute(
                    select(CitySchool.county_code, func.count()).group_by(CitySchool.county_code)
                ).all()
            )
            out = []
            for county in session.scalars(select(CityCounty).order_by(CityCounty.code)):
                teachers, qualified, ok, online, practice = figures.get(
                    county.code, (0, 0, 0, 0, 0)
                )
                out.append(
                    CountyTotalsRecord(
                        county.code,
                        county.name,
                        county.sequence,
                        county.reported_at,
                        schools.get(county.code, 0),
                        int(teachers),
                        int(qualified or 0),
                        int(ok or 0),
                        int(online or 0),
                        int(practice or 0),
                    )
                )
            return out

    def totals(self) -> CountyTotalsRecord:
        """The city's totals over every reported county."""
        rows = self.counties()
        return CountyTotalsRecord(
            "",
            "合计",
            0,
            "",
            sum(r.schools for r in rows),
            sum(r.teachers for r in rows),
            sum(r.qualified for r in rows),
            sum(r.assessment_passed for r in rows),
            sum(r.online_half_hours for r in rows),
            sum(r.practice_half_hours for r in rows),
        )

    def records(self, county_code: str) -> dict[str, Any]:
        """A county's review batches and sampling draws, as reported."""
        with self._context.read() as session:
            text = session.scalar(
                select(CityCounty.records_json).where(CityCounty.code == county_code)
            )
        return json.loads(text) if text else {"batches": [], "draws": []}

    @audited_export("city_counties", "各区县完成情况汇总表", unit="个区县")
    def export_summary(self, out: Path, *, filled_on: date | None = None) -> int:
        """The city's per-county summary form (.xlsx); returns the county count."""
        rows = self.counties()
        if not rows:
            raise AppError(
                "还没有导入任何区县上报包，无法生成各区县完成情况汇总表。"
                "请先在“数据包”菜单中导入区县上报包。",
                code="city.no_counties",
            )
        with self._context.read() as session:
            region = session.scalars(select(WorkspaceRow.region_name)).one()
        return int(
            write_city_summary(
                out,
                region=region,
                filled_on=filled_on or date.today(),
                rows=[_form_row(r) for r in rows],
                notes=(
                    "说明：",
                    "1. 数据来自各区县最近一次导入的区县上报包，“数据日期”为该上报包的生成日期。",
                    "2. “已达标”指学时和校本应用考核均符合各区县所用规则的要求。",
                ),
            )
        )


def _form_row(row: CountyTotalsRecord) -> CountyTotalsRow:
    return CountyTotalsRow(
        county_code=row.code,
        county_name=row.name,
        schools=row.schools,
        teachers=row.teachers,
        qualified=row.qualified,
        assessment_passed=row.assessment_passed,
        online_hours=row.online_half_hours / 2,
        practice_hours=row.practice_half_hours / 2,
        reported_on=row.reported_at[:10],
    )
