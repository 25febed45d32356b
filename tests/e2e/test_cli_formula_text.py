"""Every workbook the command line writes keeps formula-like data as text.

A county's data is the program's demo county, whose region, schools, contacts, addresses,
notes, projects, institutions, leadership group and change reasons are then given texts that
start with = + - @ (and "=HYPERLINK(…)", the classic link-to-anywhere payload).  Each export
runs through ``nlts_desktop.cli.main`` exactly as typed at the command line (in this process,
to spare twenty interpreter starts), and every cell of every sheet is opened with openpyxl:
a cell whose text came from the data must be a string cell, never a formula (data_type "f").
The forms' own formulas, if any, are told apart by value: none of them holds a payload.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, update

from nlts_desktop.cli import main
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.models import (
    EnrollmentChange,
    Institution,
    LeadershipMember,
    School,
    Teacher,
    TrainingProject,
    WorkspaceRow,
)

HYPERLINK = '=HYPERLINK("http://evil.example/x","点我")'
PAYLOADS = (HYPERLINK, "+1+1", "-2", "@SUM(A1)", "=1+1", "\t=2+2", "\r=3+3")
MARKERS = ("HYPERLINK", "+1+1", "-2", "@SUM(A1)", "=1+1", "=2+2", "=3+3")
UNIT = "=1+1填报单位"


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo county with formula-like texts wherever a clerk can type them."""
    data = tmp_path_factory.mktemp("formula") / "data"
    assert main(["--data-dir", str(data), "demo", "--teachers", "300", "--no-gui"]) == 0
    with Workspace.open(data_paths(data), actor=Actor.system("admin")) as ws:
        with ws.context.unit_of_work() as session:
            session.execute(update(WorkspaceRow).values(region_name="@SUM(A1)区"))
            schools = session.scalars(select(School).order_by(School.id)).all()
            for index, school in enumerate(schools):
                payload = PAYLOADS[index % len(PAYLOADS)]
                school.name = f"{payload}学校{index}" if index >= len(PAYLOADS) else payload
                school.contact_name = PAYLOADS[(index + 1) % len(PAYLOADS)]
                school.address = PAYLOADS[(index + 2) % len(PAYLOADS)]
                school.note = PAYLOADS[(index + 3) % len(PAYLOADS)]
            teachers = session.scalars(select(Teacher).order_by(Teacher.id)).all()
            for index, teacher in enumerate(teachers):
                teacher.note = PAYLOADS[index % len(PAYLOADS)]
            for index, project in enumerate(session.scalars(select(TrainingProject))):
                project.name = f"{PAYLOADS[index % len(PAYLOADS)]}项目{index}"
                project.summary = PAYLOADS[(index + 1) % len(PAYLOADS)]
            for index, institution in enumerate(session.scalars(select(Institution))):
                institution.name = f"{PAYLOADS[index % len(PAYLOADS)]}机构{index}"
                institution.contact_name = "-2"
            for index, member in enumerate(session.scalars(select(LeadershipMember))):
                member.position = PAYLOADS[index % len(PAYLOADS)]
            for index, change in enumerate(session.scalars(select(EnrollmentChange))):
                change.reason = PAYLOADS[index % len(PAYLOADS)]
        ws.leadership.set_office('=HYPERLINK("http://evil.example")科室')
    return data


def _cells(path: Path) -> Iterator[tuple[str, str, object, str]]:
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell.coordinate, cell.value, cell.data_type


def _carries_payload(value: object) -> bool:
    if not isinstance(value, str):
        return False  # dates, numbers
    return value.lstrip("=").startswith("-2") or any(m in value for m in MARKERS[:2] + MARKERS[3:])


def _assert_no_formula_from_data(path: Path, *, expect_payload: bool = True) -> None:
    formulas = [c for c in _cells(path) if c[3] == "f"]
    from_data = [c for c in formulas if _carries_payload(c[2])]
    assert not from_data, f"{path.name}: data written as formulas: {from_data[:5]}"
    if expect_payload:
        carried = [c for c in _cells(path) if _carries_payload(c[2])]
        assert carried, f"{path.name}: no formula-like text reached the workbook"
        assert all(c[3] == "s" for c in carried), carried[:5]


def _export(data: Path, out: Path, *argv: str) -> None:
    code = main(["--data-dir", str(data), *argv, "--out", str(out)])
    assert code == 0, argv


EXPORTS = {
    "roster": ["export", "roster"],
    "form:roster": ["export", "form:roster"],
    "schools": ["export", "schools"],
    "hours-summary": ["export", "hours-summary"],
    "form:hours-summary": ["export", "form:hours-summary"],
    "project-design": ["export", "project-design", "--unit", UNIT, "--contact", "@SUM(A1)"],
    "form:project-design": ["export", "form:project-design", "--phone", "-2"],
    "trainee-changes": ["export", "trainee-changes", "--unit", UNIT, "--contact", "+1+1"],
    "form:trainee-changes": ["export", "form:trainee-changes"],
    "institutions": ["export", "institutions"],
    "form:institutions": ["export", "form:institutions"],
    "scores": ["export", "scores"],
    "assessment-summary": ["export", "assessment-summary"],
    "form:assessment-summary": ["export", "form:assessment-summary"],
    "form:annual-plan-table": [
        "export", "form:annual-plan-table", "--contact", "@SUM(A1)", "--phone", "-2",
    ],
    "form:pilot-schools": ["export", "form:pilot-schools", "--unit", UNIT, "--contact", "-2"],
    "form:leadership": ["export", "form:leadership", "--unit", UNIT],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_keeps_formula_like_text_as_text(county: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{name.replace(':', '_')}.xlsx"
    _export(county, out, *EXPORTS[name])
    _assert_no_formula_from_data(out)


def _school_codes(data: Path) -> list[tuple[str, str]]:
    with Workspace.open(data_paths(data), actor=Actor.system("admin")) as ws:
        return [(s.code, s.name) for s in ws.schools.list()]


def test_one_schools_sheets_keep_its_formula_like_name_as_text(
    county: Path, tmp_path: Path
) -> None:
    code, name = next((c, n) for c, n in _school_codes(county) if n == HYPERLINK)
    scores, results = tmp_path / "scores.xlsx", tmp_path / "results.xlsx"
    _export(county, scores, "export", "scores", "--school", code)
    _export(county, results, "export", "assessment-results", "--school", code)
    for path in (scores, results):
        _assert_no_formula_from_data(path)
        titles = [c for c in _cells(path) if str(c[2]).startswith(name)]
        assert titles and all(c[3] == "s" for c in titles)  # the title row starts with it


def test_statistics_workbook_and_templates(county: Path, tmp_path: Path) -> None:
    stats = tmp_path / "统计.xlsx"
    assert main(["--data-dir", str(county), "stats", "--xlsx", str(stats)]) == 0
    _assert_no_formula_from_data(stats)
    for kind in ("schools", "teachers"):
        template = tmp_path / f"{kind}.xlsx"
        _export(county, template, "template", kind)
        _assert_no_formula_from_data(template, expect_payload=False)


def test_import_error_report_keeps_the_rejected_values_as_text(
    county: Path, tmp_path: Path
) -> None:
    """The rows a clerk sent come back in the error workbook exactly as text."""
    source = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "学校名称", "备注"])
    for index, payload in enumerate(PAYLOADS):
        cell_text = payload.replace("\r", "")  # openpyxl cannot store a bare CR in a cell
        sheet.append([f"张{'一二三四五六七'[index]}", cell_text, cell_text, cell_text])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # the sender's text, not formulas
    book.save(source)
    report = tmp_path / "错误报告.xlsx"
    code = main(["--data-dir", str(county), "import", "teachers", str(source),
                 "--report", str(report)])  # fmt: skip
    assert code != 0 and report.exists()
    _assert_no_formula_from_data(report)


def test_city_summary_keeps_a_formula_like_county_name_as_text(
    county: Path, tmp_path: Path
) -> None:
    city = tmp_path / "city"
    assert main(["--data-dir", str(city), "init", "--level", "city", "--code", "510100",
                 "--name", "成都市", "--preset", "sichuan-2.0"]) == 0  # fmt: skip
    card = tmp_path / "成都市.nltskey"
    assert main(["--data-dir", str(city), "keys", "export-public", "--out", str(card)]) == 0
    report = tmp_path / "上报包.nltspkg"
    assert main(["--data-dir", str(county), "package", "make", "county-report",
                 "--out", str(report), "--recipient-key", str(card)]) == 0  # fmt: skip
    assert main(["--data-dir", str(city), "package", "import", str(report),
                 "--accept-new-key"]) == 0  # fmt: skip
    summary = tmp_path / "各区县汇总.xlsx"
    assert main(["--data-dir", str(city), "city", "export", "--out", str(summary)]) == 0
    _assert_no_formula_from_data(summary)
