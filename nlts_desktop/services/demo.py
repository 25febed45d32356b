"""A realistic county workspace, generated deterministically from a seed.

Default: 温江区 (510115) in 成都市, 四川省, preset ``sichuan-2.0``.  Schools of every 学段 and
城乡分类; teachers with valid 身份证号 whose gender and birth date agree; institutions,
projects, enrolments and replacements; hour records from every source; school plans, point
selections, evidence and grades with submissions in every state; a sampling draw, targets,
the leadership group and a few certificates — so every screen has something true to show.

Rows are written with executemany in one transaction (100k teachers in a few seconds);
the ORM's audit hook does not see bulk writes, so one summary audit entry is recorded.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from typing import Any

from sqlalchemy import Connection, Table, func, select

from nlts_desktop.domain.catalogue import AbilityPointSpec, load_catalogue
from nlts_desktop.domain.certificates import (
    DEFAULT_SERIAL_PATTERN,
    SerialValues,
    make_facts,
    mask_id_for_certificate,
    parse_serial_pattern,
)
from nlts_desktop.domain.enums import (
    CertificateState,
    Grade,
    HourCategory,
    HourSource,
    ReviewState,
    SubmissionState,
)
from nlts_desktop.domain.grading import aggregate_point_grade, teacher_result
from nlts_desktop.domain.hour_rules import (
    HourTotals,
    credited_practice_hours,
    evaluate_hours,
    format_hours,
)
from nlts_desktop.domain.idcard import check_char
from nlts_desktop.domain.presets import Preset
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.certificates import sign_certificate
from nlts_desktop.services.context import ADMIN_ROLES, Actor
from nlts_desktop.services.progress import CancelToken, Progress, no_progress
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from nlts_desktop.storage import models as m
from nlts_desktop.storage.audit import record_audit
from nlts_desktop.storage.base import Base
from nlts_desktop.storage.bulk import BulkInserter

DEFAULT_SPEC = WorkspaceSpec(
    level="county",
    region_code="510115",
    region_name="温江区",
    preset_id="sichuan-2.0",
    parent_code="510100",
    parent_name="成都市",
)
TEACHERS_PER_SCHOOL = 62
CHUNK = 20_000

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞琳婷雪慧建国志宏宇欣怡晨佳俊浩然思雨"
    "嘉琪子涵博文诗晴梓轩一诺欣悦紫萱雅琴秋月春燕海燕晓东小龙海波丹丹亚楠"
)
_TOWNS = (
    "柳城",
    "公平",
    "涌泉",
    "天府",
    "和盛",
    "寿安",
    "万春",
    "金马",
    "永宁",
    "江浦",
    "永盛",
    "花土",
)
# Regions where the county's teachers were born (all valid 行政区划代码).
_BIRTH_REGIONS = (
    "510115", "510115", "510115", "510124", "510122", "510104", "510107", "510181",
    "511002", "511304", "513701", "510521", "500101", "610103", "530102",
)  # fmt: skip
_INSTITUTIONS = (
    ("国家开放大学", "董素娟", "13811863669"),
    ("华东师范大学", "黄全贵", "18621188439"),
    ("中国研修网", "李腾", "18201525520"),
    ("全国继教网", "吴文成", "13981748157"),
    ("四川师范大学", "郑立海", "13980800207"),
)
# (category code, stage code, name pattern, share of schools)
_SCHOOL_KINDS = (
    ("11", "preschool", "{town}幼儿园{n}", 0.22),
    ("21", "primary", "{town}小学{n}", 0.40),
    ("31", "junior", "{town}初级中学{n}", 0.18),
    ("34", "senior", "{town}高级中学{n}", 0.10),
    ("36", "vocational", "{town}职业技术学校{n}", 0.06),
    ("51", "special", "{town}特殊教育学校{n}", 0.04),
)
_URBAN_RURAL = ("111", "112", "121", "122", "123", "210", "220")
_STAGE_SUBJECTS = {
    "preschool": ("22",),
    "primary": ("01", "01", "02", "02", "03", "10", "12", "13", "14", "09", "11", "17"),
    "junior": ("01", "02", "03", "04", "05", "06", "07", "08", "09", "12", "13", "14", "11"),
    "senior": ("01", "02", "03", "04", "05", "06", "07", "08", "09", "14", "11", "21"),
    "vocational": ("24", "24", "24", "01", "02", "03", "11", "14"),
    "special": ("23", "23", "01", "02", "15"),
}
_TITLES = (("1", 1), ("2", 18), ("3", 34), ("4", 28), ("5", 4), ("9", 15))
_GRADE_WEIGHTS = ((Grade.EXCELLENT, 28), (Grade.PASS, 67), (Grade.FAIL, 5))
# Share of schools in each assessment state for the demo's cycle (None: not started).
_STATE_WEIGHTS: tuple[tuple[str | None, int], ...] = (
    (SubmissionState.APPROVED.value, 40),
    (SubmissionState.SUBMITTED.value, 15),
    (SubmissionState.RETURNED.value, 10),
    (SubmissionState.DRAFT.value, 25),
    (None, 10),
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo wrote."""

    schools: int
    teachers: int
    hour_records: int
    point_selections: int
    evidence_items: int
    scores: int


def _ts(day: date, offset_minutes: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC) + timedelta(
        minutes=offset_minutes
    )


class _Writer:
    """Bulk rows into tables, numbering primary keys itself.

    ``add`` buffers and flushes every CHUNK rows, so the biggest tables never sit in memory
    whole; the inserts themselves go through the storage layer's BulkInserter.
    """

    def __init__(self, connection: Connection) -> None:
        self._bulk = BulkInserter(connection)
        self._buffers: dict[str, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}

    @property
    def connection(self) -> Connection:
        """The connection of the demo's transaction."""
        return self._bulk.connection

    def next_id(self, model: type[Base]) -> int:
        """The first free primary key of a table."""
        table: Table = model.__table__  # type: ignore[assignment]
        current = self.connection.execute(select(func.max(table.c.id))).scalar()
        return int(current or 0) + 1

    def _flush(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        written = self._bulk.insert(table, rows)
        self.counts[table.name] = self.counts.get(table.name, 0) + written

    def write(self, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows now (in chunks)."""
        table: Table = model.__table__  # type: ignore[assignment]
        for start in range(0, len(rows), CHUNK):
            self._flush(table, rows[start : start + CHUNK])

    def add(self, model: type[Base], row: dict[str, Any]) -> None:
        """Buffer one row; written by :meth:`flush` (buffers flush in the order first used)."""
        self._buffers.setdefault(model.__tablename__, []).append(row)

    def flush(self, *, when_full: bool = False) -> None:
        """Write buffered rows, parents before children; with ``when_full`` only past CHUNK."""
        if when_full and all(len(rows) < CHUNK for rows in self._buffers.values()):
            return
        for name, rows in self._buffers.items():
            self._flush(Base.metadata.tables[name], rows)
            rows.clear()


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(values, weights)[0]


def _point_triples(
    points: Iterable[AbilityPointSpec], environments: str, min_dimensions: int
) -> list[tuple[AbilityPointSpec, ...]]:
    allowed = [p for p in points if p.environment.value in environments.split(",")]
    triples: list[tuple[AbilityPointSpec, ...]] = [
        combo
        for combo in combinations(allowed, 3)
        if len({p.dimension for p in combo}) >= min_dimensions
    ]
    return triples or [tuple(allowed[:3])]


class DemoBuilder:
    """Generates the rows; :meth:`run` writes them all in one transaction."""

    def __init__(self, workspace: Workspace, *, teachers: int, seed: int) -> None:
        self.workspace = workspace
        self.teacher_count = teachers
        self.rng = random.Random(seed)
        self.preset: Preset = workspace.preset()
        self.years = list(self.preset.years) or [2022]
        self.cycle = self.years[-1]
        self.catalogue = load_catalogue()
        self.now = _ts(date(self.cycle, 12, 1))

    # ------------------------------------------------------------------ people
    def _id_numbers(self, count: int) -> list[tuple[str, str, date]]:
        """Unique valid 身份证号 with their gender and birth date."""
        rng = self.rng
        seen: set[str] = set()
        out: list[tuple[str, str, date]] = []
        start = date(1962, 1, 1).toordinal()
        span = date(2001, 12, 31).toordinal() - start
        while len(out) < count:
            born = date.fromordinal(start + rng.randrange(span))
            sequence = rng.randrange(1000)
            first17 = f"{rng.choice(_BIRTH_REGIONS)}{born:%Y%m%d}{sequence:03d}"
            number = first17 + check_char(first17)
            if number in seen:
                continue
            seen.add(number)
            out.append((number, "male" if sequence % 2 else "female", born))
        return out

    def _name(self, gender: str) -> str:
        rng = self.rng
        given = rng.choice(_GIVEN)
        if rng.random() < 0.7:
            given += rng.choice(_GIVEN)
        return rng.choice(_SURNAMES) + given

    def _phone(self) -> str:
        rng = self.rng
        return f"1{rng.choice('3589')}{rng.randrange(10)}{rng.randrange(10**8):08d}"

    # ------------------------------------------------------------------ run
    def run(self, progress: Progress, cancel: CancelToken | None) -> DemoSummary:
        """Write everything; raises Cancelled (rolling back) when cancel is asked for."""
        context = self.workspace.context
        context.require(ADMIN_ROLES, "生成演示数据")
        with context.unit_of_work() as session:
            writer = _Writer(session.connection())
            plan = [
                ("学校", self._schools),
                ("教师", self._teachers),
                ("培训机构与项目", self._projects),
                ("参训与学时", self._hours),
                ("学校方案与选点", self._assessment),
                ("抽样、目标与证书", self._extras),
            ]
            steps = len(plan)
            for index, (label, step) in enumerate(plan):
                if cancel is not None:
                    cancel.check()
                progress(index, steps, f"正在生成{label}……")
                step(writer)
            record_audit(
                session,
                action="demo",
                entity="workspace",
                summary=f"生成演示数据：{self.teacher_count} 名教师",
                after=writer.counts,
            )
            progress(steps, steps, "完成")
            counts = writer.counts
        return DemoSummary(
            schools=counts.get("schools", 0),
            teachers=counts.get("teachers", 0),
            hour_records=counts.get("hour_records", 0),
            point_selections=counts.get("point_selections", 0),
            evidence_items=counts.get("evidence_items", 0),
            scores=counts.get("scores", 0),
        )

    # ------------------------------------------------------------------ schools
    def _schools(self, writer: _Writer) -> None:
        rng = self.rng
        count = max(len(_SCHOOL_KINDS) * 2, round(self.teacher_count / TEACHERS_PER_SCHOOL))
        kinds: list[tuple[str, str, str, float]] = []
        for kind in _SCHOOL_KINDS:
            kinds.extend([kind] * max(2, round(kind[3] * count)))
        kinds = (
            kinds[:count]
            if len(kinds) >= count
            else kinds + [_SCHOOL_KINDS[1]] * (count - len(kinds))
        )
        rows: list[dict[str, Any]] = []
        numbers: dict[tuple[str, str], int] = {}
        first_id = writer.next_id(m.School)
        created = _ts(date(self.years[0], 3, 1))
        for index, (category, stage, pattern, _share) in enumerate(kinds):
            town = _TOWNS[index % len(_TOWNS)]
            key = (town, pattern)
            numbers[key] = numbers.get(key, 0) + 1
            n = numbers[key]
            suffix = "" if n == 1 else f"（{n}校区）" if stage != "primary" else f"第{n}分校"
            name = "成都市温江区" + pattern.format(town=town, n=suffix)
            # Every 城乡分类 appears: cycle through them before drawing at random.
            urban = (
                _URBAN_RURAL[index % len(_URBAN_RURAL)]
                if index < 3 * len(_URBAN_RURAL)
                else rng.choice(_URBAN_RURAL)
            )
            environments = _weighted(rng, (("A", 45), ("A,B", 35), ("B", 8), ("A,B,C", 12)))
            rows.append(
                {
                    "id": first_id + index,
                    "code": f"{category}51{index + 1:06d}",
                    "name": name,
                    "category_code": category,
                    "stage_code": stage,
                    "urban_rural_code": urban,
                    "environments": environments,
                    "is_center_school": stage == "primary" and urban in ("121", "210") and n == 1,
                    "center_school_id": None,
                    "is_pilot": rng.random() < 0.08,
                    "is_demo": rng.random() < 0.04,
                    "contact_name": self._name("male"),
                    "contact_phone": f"028-8{rng.randrange(10**6, 10**7)}",
                    "address": f"四川省成都市温江区{town}街道{rng.randrange(1, 300)}号",
                    "status": "active",
                    "note": None,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
        # One school closed (merged): inactive, no teachers.
        rows[-1]["status"] = "inactive"
        rows[-1]["note"] = "已于撤并，教师已调出"
        writer.write(m.School, rows)
        self.schools = rows
        team: list[dict[str, Any]] = []
        for school in rows:
            for order, (team_name, position) in enumerate(
                (
                    ("management", "校长"),
                    ("management", "教学主任"),
                    ("management", "信息技术骨干教师"),
                    ("training", "语文科组长"),
                    ("training", "数学科组长"),
                )
            ):
                team.append(
                    {
                        "school_id": school["id"],
                        "team": team_name,
                        "name": self._name("male"),
                        "position": position,
                        "teacher_id": None,
                        "phone": self._phone(),
                        "email": None,
                        "sort_order": order,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
        writer.write(m.SchoolTeamMember, team)

    # ------------------------------------------------------------------ teachers
    def _teachers(self, writer: _Writer) -> None:
        rng = self.rng
        active_schools = [s for s in self.schools if s["status"] == "active"]
        weights = [rng.uniform(0.4, 1.6) for _ in active_schools]
        assigned = rng.choices(active_schools, weights, k=self.teacher_count)
        # Guarantee every active school at least one teacher.
        for i, school in enumerate(active_schools[: self.teacher_count]):
            assigned[i] = school
        ids = self._id_numbers(self.teacher_count)
        first_id = writer.next_id(m.Teacher)
        created = _ts(date(self.years[0], 3, 15))
        titles = list(_TITLES)
        rows: list[dict[str, Any]] = []
        for index, ((number, gender, born), school) in enumerate(zip(ids, assigned, strict=True)):
            stage = school["stage_code"]
            rows.append(
                {
                    "id": first_id + index,
                    "id_number": number,
                    "name": self._name(gender),
                    "gender": gender,
                    "birth_date": born,
                    "phone": self._phone(),
                    "school_id": school["id"],
                    "stage_code": stage,
                    "subject_code": rng.choice(_STAGE_SUBJECTS[stage]),
                    "title_code": _weighted(rng, titles),
                    "status": "inactive" if rng.random() < 0.02 else "active",
                    "note": None,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
        writer.write(m.Teacher, rows)
        self.teachers = rows
        transfers: list[dict[str, Any]] = []
        for teacher in rng.sample(rows, k=max(1, len(rows) // 200)):
            origin = rng.choice(active_schools)
            if origin["id"] == teacher["school_id"]:
                continue
            transfers.append(
                {
                    "teacher_id": teacher["id"],
                    "from_school_id": origin["id"],
                    "to_school_id": teacher["school_id"],
                    "transfer_date": date(self.years[0] + 1, 9, 1),
                    "reason": rng.choice(("工作需要", "交流轮岗", "个人申请")),
                    "recorded_by": "demo",
                    "created_at": created,
                    "updated_at": created,
                }
            )
        writer.write(m.TeacherTransfer, transfers)

    # ------------------------------------------------------------------ projects
    def _projects(self, writer: _Writer) -> None:
        created = _ts(date(self.years[0], 4, 1))
        first_institution = writer.next_id(m.Institution)
        writer.write(
            m.Institution,
            [
                {
                    "id": first_institution + i,
                    "name": name,
                    "contact_name": contact,
                    "phone": phone,
                    "note": None,
                    "hours_mapping_json": None,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
                for i, (name, contact, phone) in enumerate(_INSTITUTIONS)
            ],
        )
        levels = (
            (
                "national",
                "国培计划—{y}年中小学教师信息技术应用能力提升工程2.0（温江区）",
                "central",
            ),
            ("provincial", "{y}年四川省信息技术应用能力提升工程2.0省级培训", "provincial"),
            ("county", "{y}年温江区整校推进信息技术应用能力提升培训", "county"),
        )
        projects: list[dict[str, Any]] = []
        first_project = writer.next_id(m.TrainingProject)
        for year in self.years:
            for level, pattern, funding in levels:
                index = len(projects)
                projects.append(
                    {
                        "id": first_project + index,
                        "year": year,
                        "level_code": level,
                        "name": pattern.format(y=year),
                        "summary": "围绕30个微能力点开展网络研修与校本实践应用，整校推进。",
                        "institution_id": first_institution + index % len(_INSTITUTIONS),
                        "offered_half_hours": 2 * 30,
                        "planned_count": 0,
                        "budget_yuan": self.rng.randrange(20, 120) * 10_000,
                        "funding_source": funding,
                        "start_date": date(year, 3, 1),
                        "end_date": date(year, 11, 30),
                        "created_at": created,
                        "updated_at": created,
                        "version": 1,
                    }
                )
        self.projects = projects

    # ------------------------------------------------------------------ hours
    def _hours(self, writer: _Writer) -> None:
        rng = self.rng
        rule = self.preset.hours
        online_needed = rule.online_min or max(0.0, rule.total_min - (rule.practice_min or 0))
        enrollments: list[dict[str, Any]] = []
        hours: list[dict[str, Any]] = []
        created = _ts(date(self.years[0], 6, 1))
        per_project: dict[int, int] = {}
        # A teacher's cohort year: 30 % / 40 % / 30 % of teachers start in each year.
        for teacher in self.teachers:
            project = rng.choice(self.projects)
            per_project[project["id"]] = per_project.get(project["id"], 0) + 1
            teacher["_project"] = project
            enrollments.append(
                {
                    "project_id": project["id"],
                    "teacher_id": teacher["id"],
                    "enrolled_on": project["start_date"],
                    "status": "enrolled",
                    "created_at": created,
                    "updated_at": created,
                }
            )
            # Online study: most finish, some are still short.
            target = online_needed if rng.random() < 0.85 else rng.randrange(4, 18)
            parts = 2 if rng.random() < 0.5 else 1
            first = round(target * rng.uniform(0.4, 0.6) * 2) / 2 if parts == 2 else target
            for n, amount in enumerate((first, target - first) if parts == 2 else (first,)):
                if amount <= 0:
                    continue
                institution = project["institution_id"]
                hours.append(
                    {
                        "teacher_id": teacher["id"],
                        "category": HourCategory.ONLINE.value,
                        "half_hours": int(amount * 2),
                        "year": project["year"],
                        "record_date": date(project["year"], 6 + n * 3, 15),
                        "project_id": project["id"],
                        "source": HourSource.IMPORTED.value,
                        "source_ref": f"机构{institution}学时导出_{project['year']}.xlsx",
                        "source_key": (
                            f"inst{institution}:{project['id']}:{teacher['id_number']}:{n}"
                        ),
                        "certified_by": None,
                        "note": None,
                        "created_at": created,
                        "updated_at": created,
                        "version": 1,
                    }
                )
            # Emergency online teaching certified by the county (安徽 2020 rule).
            if rng.random() < 0.06:
                hours.append(
                    {
                        "teacher_id": teacher["id"],
                        "category": HourCategory.PRACTICE.value,
                        "half_hours": 2 * rng.choice((4, 6, 8)),
                        "year": self.years[0],
                        "record_date": date(self.years[0], 4, 30),
                        "project_id": None,
                        "source": HourSource.CERTIFIED.value,
                        "source_ref": None,
                        "source_key": None,
                        "certified_by": "温江区教育局",
                        "note": "疫情防控期间线上教学，区县认定",
                        "created_at": created,
                        "updated_at": created,
                        "version": 1,
                    }
                )
            if rng.random() < 0.05:
                hours.append(
                    {
                        "teacher_id": teacher["id"],
                        "category": HourCategory.OTHER.value,
                        "half_hours": 2 * rng.choice((2, 3, 4)),
                        "year": project["year"],
                        "record_date": date(project["year"], 10, 20),
                        "project_id": None,
                        "source": HourSource.MANUAL.value,
                        "source_ref": None,
                        "source_key": None,
                        "certified_by": None,
                        "note": "专题讲座",
                        "created_at": created,
                        "updated_at": created,
                        "version": 1,
                    }
                )
        for project in self.projects:
            project["planned_count"] = per_project.get(project["id"], 0)
        writer.write(m.TrainingProject, self.projects)
        writer.write(m.Enrollment, enrollments)
        # A few replacements (原报送人员 → 变更人员), as the 参训人员变更信息表 records them.
        changes: list[dict[str, Any]] = []
        enrolled = {e["teacher_id"] for e in enrollments}
        pool = [t for t in self.teachers if t["status"] == "inactive" and t["id"] in enrolled]
        for original in pool[:20]:
            replacement = rng.choice(self.teachers)
            if replacement["id"] == original["id"]:
                continue
            changes.append(
                {
                    "project_id": original["_project"]["id"],
                    "original_teacher_id": original["id"],
                    "replacement_teacher_id": replacement["id"],
                    "reason": rng.choice(("调离本县", "长期病假", "退休")),
                    "change_date": original["_project"]["start_date"] + timedelta(days=20),
                    "created_at": created,
                    "updated_at": created,
                }
            )
        writer.write(m.EnrollmentChange, changes)
        self.hours = hours  # practice credits are added once assessment states are known

    # ------------------------------------------------------------------ assessment
    def _assessment(self, writer: _Writer) -> None:
        rng = self.rng
        cycle = self.cycle
        point_ids = self._point_ids(writer)
        created = _ts(date(cycle, 5, 1))
        min_dimensions = self.preset.points.min_dimensions
        triples_by_env: dict[str, list[tuple[AbilityPointSpec, ...]]] = {}
        plans: list[dict[str, Any]] = []
        submissions: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        school_state: dict[int, str | None] = {}
        first_plan = writer.next_id(m.SchoolPlan)
        first_submission = writer.next_id(m.Submission)
        active = [school for school in self.schools if school["status"] == "active"]
        for index, school in enumerate(active):
            # Every state appears (the schools at the end, small ones included), then at random.
            state = (
                _STATE_WEIGHTS[index % len(_STATE_WEIGHTS)][0]
                if index >= len(active) - len(_STATE_WEIGHTS)
                else _weighted(rng, _STATE_WEIGHTS)
            )
            school_state[school["id"]] = state
            approved = state in (SubmissionState.APPROVED.value, SubmissionState.SUBMITTED.value)
            plans.append(
                {
                    "id": first_plan + len(plans),
                    "school_id": school["id"],
                    "cycle": cycle,
                    "environments": school["environments"],
                    "plan_title": f"{school['name']}{cycle}年信息技术应用能力提升校本研修方案",
                    "plan_date": date(cycle, 3, 10),
                    "plan_file_ref": f"校本研修方案_{school['code']}.pdf",
                    "rules_title": f"{school['name']}校本应用考核评分细则",
                    "rules_date": date(cycle, 3, 10),
                    "rules_file_ref": f"考核细则_{school['code']}.pdf",
                    "approval_state": "approved" if approved or state else "pending",
                    "approval_note": None,
                    "approved_by": "温江区教师发展中心" if approved or state else None,
                    "approved_at": _ts(date(cycle, 3, 20)) if approved or state else None,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
            if state is None:
                continue
            submission_id = first_submission + len(submissions)
            school["_submission"] = submission_id
            submitted = state != SubmissionState.DRAFT.value
            decided = state in (SubmissionState.APPROVED.value, SubmissionState.RETURNED.value)
            submissions.append(
                {
                    "id": submission_id,
                    "school_id": school["id"],
                    "cycle": cycle,
                    "state": state,
                    "submitted_at": _ts(date(cycle, 10, 15)) if submitted else None,
                    "submitted_by": "学校管理员" if submitted else None,
                    "decided_at": _ts(date(cycle, 11, 5)) if decided else None,
                    "decided_by": "区县审核员" if decided else None,
                    "return_reason": "部分教师课堂实录片段超过10分钟，请重新提交。"
                    if state == SubmissionState.RETURNED.value
                    else None,
                    "locked": state == SubmissionState.APPROVED.value,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
            if submitted:
                events.append(self._event(submission_id, "draft", "submitted", date(cycle, 10, 15)))
            if decided:
                events.append(self._event(submission_id, "submitted", state, date(cycle, 11, 5)))
        writer.write(m.SchoolPlan, plans)
        plan_points: list[dict[str, Any]] = []
        for plan in plans:
            allowed = [
                p for p in self.catalogue.points if p.environment.value in plan["environments"]
            ]
            for order, point in enumerate(rng.sample(allowed, k=min(6, len(allowed)))):
                plan_points.append(
                    {
                        "plan_id": plan["id"],
                        "point_id": point_ids[point.code],
                        "required": order < 2,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
        writer.write(m.SchoolPlanPoint, plan_points)
        writer.write(m.Submission, submissions)
        writer.write(m.SubmissionEvent, events)

        schools_by_id = {s["id"]: s for s in self.schools}
        selection_count = 0
        item_count = 0
        self.graded: list[tuple[int, str]] = []
        first_selection = writer.next_id(m.PointSelection)
        first_item = writer.next_id(m.EvidenceItem)
        credit = credited_practice_hours(self.preset.hours)
        decided_at = _ts(date(cycle, 11, 5))
        result_state = {
            SubmissionState.SUBMITTED.value: ReviewState.PENDING.value,
            SubmissionState.APPROVED.value: ReviewState.APPROVED.value,
            SubmissionState.RETURNED.value: ReviewState.RETURNED.value,
        }
        self.passed: set[int] = set()
        grades = list(_GRADE_WEIGHTS)
        scored_at = _ts(date(cycle, 10, 8))
        for teacher in self.teachers:
            school = schools_by_id[teacher["school_id"]]
            state = school_state.get(school["id"])
            if state is None or teacher["status"] != "active":
                continue
            envs = school["environments"]
            if envs not in triples_by_env:
                triples_by_env[envs] = _point_triples(self.catalogue.points, envs, min_dimensions)
            graded_share = 0.5 if state == SubmissionState.DRAFT.value else 1.0
            teacher_grades: list[Grade | None] = []
            for point in rng.choice(triples_by_env[envs]):
                selection_id = first_selection + selection_count
                selection_count += 1
                selection: dict[str, Any] = {
                    "id": selection_id,
                    "teacher_id": teacher["id"],
                    "point_id": point_ids[point.code],
                    "cycle": cycle,
                    "submission_id": school["_submission"],
                    "grade": None,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
                writer.add(m.PointSelection, selection)
                item_grades: list[Grade | None] = []
                for spec in point.evidence:
                    item_id = first_item + item_count
                    item_count += 1
                    writer.add(
                        m.EvidenceItem,
                        {
                            "id": item_id,
                            "selection_id": selection_id,
                            "spec_code": spec.code,
                            "title": f"{teacher['name']}—{spec.name}",
                            "kind": spec.kind,
                            "file_sha256": None,
                            "file_name": None,
                            "file_size": None,
                            "external_ref": f"研修平台作品 {teacher['id']}-{spec.code}",
                            "created_at": created,
                            "updated_at": created,
                            "version": 1,
                        },
                    )
                    grade: Grade | None = None
                    if rng.random() < graded_share:
                        grade = _weighted(rng, grades)
                        writer.add(
                            m.Score,
                            {
                                "evidence_item_id": item_id,
                                "selection_id": None,
                                "grade": grade.value,
                                "numeric_score": None,
                                "assessor": "学校考核小组",
                                "scored_at": scored_at,
                                "created_at": created,
                                "updated_at": created,
                                "version": 1,
                            },
                        )
                    item_grades.append(grade)
                point_grade = aggregate_point_grade(item_grades)
                teacher_grades.append(point_grade)
                if point_grade is not None:
                    selection["grade"] = point_grade.value
                    self.graded.append((selection_id, point_grade.value))
            if state in result_state:
                result = teacher_result(teacher_grades, min_points=self.preset.points.min_points)
                settled = state != SubmissionState.SUBMITTED.value
                writer.add(
                    m.AssessmentResult,
                    {
                        "teacher_id": teacher["id"],
                        "cycle": cycle,
                        "submission_id": school["_submission"],
                        "state": result_state[state],
                        "grade": result.value if result and settled else None,
                        "reason": "课堂实录片段超过10分钟"
                        if state == SubmissionState.RETURNED.value
                        else None,
                        "decided_by": "区县审核员" if settled else None,
                        "decided_at": decided_at if settled else None,
                        "created_at": created,
                        "updated_at": created,
                        "version": 1,
                    },
                )
            if state == SubmissionState.APPROVED.value and all(
                g is not None and g is not Grade.FAIL for g in teacher_grades
            ):
                self.passed.add(teacher["id"])
                if credit:
                    self.hours.append(
                        {
                            "teacher_id": teacher["id"],
                            "category": HourCategory.PRACTICE.value,
                            "half_hours": int(credit * 2),
                            "year": cycle,
                            "record_date": date(cycle, 11, 5),
                            "project_id": None,
                            "source": HourSource.ASSESSMENT.value,
                            "source_ref": f"考核批次 {school['_submission']}",
                            "source_key": f"assessment:{cycle}:{teacher['id_number']}",
                            "certified_by": "区县审核员",
                            "note": None,
                            "created_at": created,
                            "updated_at": created,
                            "version": 1,
                        }
                    )
            writer.flush(when_full=True)
        writer.flush()
        writer.write(m.HourRecord, self.hours)

    def _event(self, submission_id: int, old: str, new: str, day: date) -> dict[str, Any]:
        return {
            "submission_id": submission_id,
            "from_state": old,
            "to_state": new,
            "actor": "学校管理员" if new == "submitted" else "区县审核员",
            "at": _ts(day),
            "reason": "部分材料不完整" if new == SubmissionState.RETURNED.value else None,
            "teacher_id": None,
            "evidence_item_id": None,
            "created_at": _ts(day),
            "updated_at": _ts(day),
        }

    def _point_ids(self, writer: _Writer) -> dict[str, int]:
        connection = writer.connection
        return {
            code: point_id
            for code, point_id in connection.execute(select(m.AbilityPoint.code, m.AbilityPoint.id))
        }

    # ------------------------------------------------------------------ extras
    def _extras(self, writer: _Writer) -> None:
        rng = self.rng
        cycle = self.cycle
        created = _ts(date(cycle, 11, 20))
        graded = self.graded
        draw_id = writer.next_id(m.SamplingDraw)
        writer.write(
            m.SamplingDraw,
            [
                {
                    "id": draw_id,
                    "cycle": cycle,
                    "ratio_permille": 50,
                    "count_per_school": None,
                    "seed": 20221120,
                    "drawn_by": "区县审核员",
                    "drawn_at": created,
                    "created_at": created,
                    "updated_at": created,
                }
            ],
        )
        sample = rng.sample(graded, k=min(len(graded), max(1, len(graded) // 20)))
        checks: list[dict[str, Any]] = []
        for index, (selection_id, grade) in enumerate(sample):
            done = index % 3 != 0
            changed = done and rng.random() < 0.1
            checks.append(
                {
                    "draw_id": draw_id,
                    "selection_id": selection_id,
                    "original_grade": grade,
                    "recheck_grade": (Grade.PASS.value if changed else grade) if done else None,
                    "outcome": ("changed" if changed else "confirmed") if done else "pending",
                    "notes": "复核意见：等级下调" if changed else None,
                    "checked_by": "区县审核员" if done else None,
                    "checked_at": created if done else None,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
        writer.write(m.SamplingCheck, checks)
        total = len(self.teachers)
        # Targets are the teachers to train *in* each year; the preset's shares may be
        # cumulative (by the end of that year), so the year's part is the difference.
        targets: list[dict[str, Any]] = []
        reached = 0
        for year in self.years:
            share = self.preset.target_for(year)
            if share is None or share.teacher_share is None:
                planned = total // len(self.years)
            elif share.cumulative:
                planned = max(0, round(total * share.teacher_share) - reached)
            else:
                planned = round(total * share.teacher_share)
            reached += planned
            provincial = round(planned * 0.2)
            for level, count in (("provincial", provincial), ("county", planned - provincial)):
                targets.append(
                    {
                        "year": year,
                        "level_code": level,
                        "planned_count": count,
                        "note": None,
                        "created_at": created,
                        "updated_at": created,
                        "version": 1,
                    }
                )
        writer.write(m.AnnualTarget, targets)
        leaders = [
            ("leader", "局长", "温江区教育局"),
            ("deputy", "副局长", "温江区教育局"),
            ("deputy", "主任", "温江区教师发展中心"),
            ("member", "科长", "温江区教育局人事科"),
            ("member", "主任", "温江区电化教育馆"),
            ("member", "副主任", "温江区教师发展中心"),
        ]
        writer.write(
            m.LeadershipMember,
            [
                {
                    "group_role": role,
                    "name": self._name("male"),
                    "position": position,
                    "unit": unit,
                    "phone": self._phone(),
                    "email": None,
                    "sort_order": order,
                    "created_at": created,
                    "updated_at": created,
                }
                for order, (role, position, unit) in enumerate(leaders)
            ],
        )
        writer.write(m.Certificate, self._certificates(writer, created))

    def _certificates(self, writer: _Writer, created: datetime) -> list[dict[str, Any]]:
        """Up to 200 certificates of qualified teachers, signed as the certificate service
        signs them (so they verify), with one voided and reissued."""
        rule = self.preset.hours
        slots = {HourCategory.ONLINE.value: 0, HourCategory.PRACTICE.value: 1}
        sums: dict[int, list[int]] = {tid: [0, 0, 0] for tid in self.passed}
        for record in self.hours:
            found = sums.get(record["teacher_id"])
            if found is not None:
                found[slots.get(record["category"], 2)] += record["half_hours"]
        qualified: list[tuple[int, str]] = []
        for tid in sorted(sums):
            online, practice, other = sums[tid]
            verdict = evaluate_hours(
                rule,
                HourTotals(online=online / 2, practice=practice / 2, other=other / 2),
                assessment_passed=True,
            )
            if verdict.qualified:
                qualified.append((tid, format_hours(verdict.counted_total)))
            if len(qualified) == 200:
                break
        region = writer.connection.execute(select(m.WorkspaceRow.region_code)).scalar_one()
        teachers = {t["id"]: t for t in self.teachers if t["id"] in sums}
        schools = {s["id"]: s for s in self.schools}
        key = self.workspace.keys.signing_key()
        pattern = parse_serial_pattern(DEFAULT_SERIAL_PATTERN)
        actor = self.workspace.context.actor.username
        first_id = writer.next_id(m.Certificate)
        rows: list[dict[str, Any]] = []
        for index, (tid, hours) in enumerate([*qualified, *qualified[:1]]):
            teacher = teachers[tid]
            school = schools[teacher["school_id"]]
            values = SerialValues(self.cycle, region, school["code"])
            facts = make_facts(
                serial=pattern.render(values, index + 1),
                masked_id=mask_id_for_certificate(teacher["id_number"]),
                name=teacher["name"],
                year=self.cycle,
                hours=hours,
                issuer_code=region,
            )
            signed = sign_certificate(key, facts)
            rows.append(
                {
                    "id": first_id + index,
                    "serial": facts.serial,
                    "teacher_id": tid,
                    "state": CertificateState.ISSUED.value,
                    "verification_code": signed.short_code,
                    "issued_at": created,
                    "voided_at": None,
                    "void_reason": None,
                    "replaces_id": None,
                    "year": self.cycle,
                    "school_id": school["id"],
                    "teacher_name": facts.name,
                    "masked_id": facts.masked_id,
                    "issued_by": actor,
                    "voided_by": None,
                    "payload": signed.text,
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
        if len(rows) > 1:
            # The first one was lost and reissued: the last row replaces it.
            rows[0].update(
                state=CertificateState.VOIDED.value,
                voided_at=created + timedelta(days=3),
                void_reason="证书遗失，本人申请补发",
                voided_by=actor,
            )
            rows[-1].update(state=CertificateState.REISSUED.value, replaces_id=rows[0]["id"])
            rows[-1]["issued_at"] = created + timedelta(days=3)
        else:
            rows.clear()
        return rows


def create_demo(
    paths: DataPaths,
    *,
    teachers: int = 3000,
    seed: int = 2022,
    spec: WorkspaceSpec = DEFAULT_SPEC,
    actor: Actor | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[Workspace, DemoSummary]:
    """Create a demo workspace in an empty data folder and fill it; returns it open."""
    workspace = Workspace.create(paths, spec, actor=actor or Actor.system("demo"))
    try:
        summary = DemoBuilder(workspace, teachers=teachers, seed=seed).run(progress, cancel)
    except BaseException:
        workspace.close()
        raise
    return workspace, summary
