"""Small helpers shared by tests of different layers."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from nlts_desktop.domain.idcard import check_char
from nlts_desktop.services.workspace import Workspace


def fill_in_school_template(path: Path) -> None:
    """Turn the school template's example row into a real school, as a clerk would."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet["A2"] = "2151000001"
    sheet["B2"] = "成都市温江区实验小学"
    book.save(path)


def id_number(n: int, *, female: bool = False) -> str:
    """A valid 身份证号 born in 1985 (sequence parity gives the gender)."""
    sequence = 2 * n + (0 if female else 1)
    first17 = f"51011519850101{sequence:03d}"
    return first17 + check_char(first17)


def add_teachers(
    workspace: Workspace, count: int, *, school: str = "2151000001", start: int = 0
) -> list[int]:
    """Register ``count`` teachers with phones (numbered from ``start``); returns their ids."""
    return [
        workspace.teachers.create(
            {
                "id_number": id_number(n, female=n % 2 == 0),
                "name": f"教师{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{'一二三四五六七八九十'[n // 10]}",
                "school": school,
                "phone": f"1380000{n:04d}",
            }
        ).id
        for n in range(start, start + count)
    ]


def project_fields(**overrides: object) -> dict[str, object]:
    """A valid project of 2021."""
    fields: dict[str, object] = {
        "year": 2021,
        "level": "国培",
        "name": "2021年温江区信息技术应用能力提升工程2.0培训",
        "summary": "网络研修与校本实践应用",
        "institution": "四川师范大学",
        "hours": 30,
        "planned_count": "120",
        "budget": "12.5",
        "funding_source": "省财政",
        "start_date": "2021-03-01",
        "end_date": "2021年11月30日",
    }
    fields.update(overrides)
    return fields


POINTS = (
    "A1",
    "A5",
    "A11",
)  # 学情分析, 学法指导, 学业评价: meets 四川 2.0 (3 points, 3 dimensions)


def ready_school(
    workspace: Workspace,
    school_id: int,
    teacher_ids: list[int],
    *,
    points: tuple[str, ...] = POINTS,
) -> None:
    """Plan saved and approved, each teacher's points chosen, every item's evidence recorded."""
    workspace.assessment.save_plan(
        school_id,
        {
            "environments": "A,B",
            "points": [(points[0], True)],
            "plan_title": "2022年校本研修方案",
            "plan_date": "2022-03-10",
            "rules_title": "校本应用考核评分细则",
        },
    )
    workspace.assessment.decide_plan(school_id, approve=True)
    for teacher in teacher_ids:
        row = workspace.assessment.set_selection(teacher, list(points))
        for point in row.points:
            for item in point.items:
                workspace.assessment.update_evidence(item.item_id, external_ref="研修平台作品")


def grade_all(workspace: Workspace, school_id: int, grade: str = "2") -> None:
    """Every item of the school's grid graded (in one call, as a pasted block would be)."""
    grid = workspace.assessment.grid(school_id)
    entries = [(i.item_id, grade) for r in grid.rows for p in r.points for i in p.items]
    workspace.assessment.set_scores(entries, assessor="考核小组")
