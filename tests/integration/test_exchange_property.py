"""Property: whatever a county holds, make → import into an empty workspace gives the same records.

Random teachers (Chinese names and notes with full-width punctuation, subject codes with
leading zeros, phones) and random hours in half-hour steps go through two packages:
the school kit into a new school workspace, and the county report into a new city workspace.
Nothing may drift: names and notes byte for byte, codes as text, hours exact.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec
from nlts_desktop.storage.models import CityTeacher, Teacher
from tests.conftest import WENJIANG
from tests.helpers import id_number

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳司马诸葛"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红娥玲芬燕彩春菊"
NOTE = "本学期承担信息技术骨干教师培训任务，（含送教下乡）；“双减”背景下作业设计。"
SUBJECTS = ("01", "02", "03", "08", "11", None)
CHENGDU = WorkspaceSpec(
    level="city", region_code="510100", region_name="成都市", preset_id="sichuan-2.0"
)

teacher = st.fixed_dictionaries(
    {
        "name": st.builds(
            lambda s, g: s + g,
            st.sampled_from(SURNAMES),
            st.text(alphabet=GIVEN, min_size=1, max_size=3),
        ),
        "subject": st.sampled_from(SUBJECTS),
        "note": st.one_of(st.none(), st.text(alphabet=NOTE, min_size=1, max_size=40)),
        "phone": st.one_of(st.none(), st.integers(0, 9999).map(lambda n: f"1390000{n:04d}")),
        "hours": st.lists(st.integers(1, 48), max_size=3),  # half-hours per entry, ≤ 24 h
    }
)

_folders = itertools.count()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(teacher, min_size=1, max_size=6))
def test_make_then_import_gives_identical_records(
    tmp_path: Path, teachers: list[dict[str, object]]
) -> None:
    root = tmp_path / f"example-{next(_folders)}"
    county = Workspace.create(data_paths(root / "county"), WENJIANG, actor=Actor.system("admin"))
    city = Workspace.create(data_paths(root / "city"), CHENGDU, actor=Actor.system("city"))
    try:
        school = county.schools.create(
            {"code": "2151000001", "name": "温江区“光华”实验小学（东校区）", "urban_rural": "111"}
        ).id
        for n, spec in enumerate(teachers):
            record = county.teachers.create(
                {
                    "id_number": id_number(n, female=n % 2 == 0),
                    "name": spec["name"],
                    "school": "2151000001",
                    "phone": spec["phone"],
                    "subject": spec["subject"],
                    "note": spec["note"],
                }
            )
            for day, half in enumerate(spec["hours"]):  # type: ignore[arg-type]
                county.hours.add(
                    {
                        "teacher_id": record.id,
                        "category": "网络研修" if day % 2 == 0 else "校本实践应用",
                        "hours": f"{half / 2:g}",
                        "date": f"2022-05-{day + 1:02d}",
                    }
                )
        columns = (Teacher.id_number, Teacher.name, Teacher.gender, Teacher.birth_date,
                   Teacher.phone, Teacher.subject_code, Teacher.note)  # fmt: skip
        with county.context.read() as session:
            at_county = sorted(session.execute(select(*columns)).all())

        # School kit → a new school workspace: the same teachers, field for field.
        kit = county.school_kits.make(school, root / "kit.nltspkg").path
        with (
            Workspace.create_from_kit(
                data_paths(root / "school"),
                kit,
                actor=Actor.system("coordinator"),
                accept_fingerprint=county.keys.own().fingerprint,
            ) as at_school_ws,
            at_school_ws.context.read() as session,
        ):
            assert sorted(session.execute(select(*columns)).all()) == at_county

        # County report → a new city workspace: the same people, hours exact.
        report = county.county_reports.make(root / "report.nltspkg").path
        city.intake.take_in(report, accept_new_key=True)
        hours = {t.id_number: t for t in county.hours.teacher_hours()}
        with city.context.read() as session:
            rows = session.scalars(select(CityTeacher).order_by(CityTeacher.id_number)).all()
            got = [
                (r.id_number, r.name, r.subject_code, r.school_code, r.online_half_hours,
                 r.practice_half_hours)
                for r in rows
            ]  # fmt: skip
        expected = sorted(
            (number, name, subject, "2151000001", round(hours[number].online * 2),
             round(hours[number].practice * 2))
            for number, name, _, _, _, subject, _ in at_county
        )  # fmt: skip
        assert got == expected
        for n, spec in enumerate(teachers):
            half = spec["hours"]
            assert isinstance(half, list)
            number = id_number(n, female=n % 2 == 0)
            online = sum(h for day, h in enumerate(half) if day % 2 == 0)
            practice = sum(h for day, h in enumerate(half) if day % 2 == 1)
            row = next(g for g in got if g[0] == number)
            assert (row[4], row[5]) == (online, practice)
        total = city.city.totals()
        assert total.teachers == len(teachers)
        assert total.online_half_hours == sum(r[4] for r in got)
    finally:
        county.close()
        city.close()
