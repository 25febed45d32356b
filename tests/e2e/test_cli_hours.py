"""``hours short`` on the command line: the still-short list, filtered, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.clirun import assert_one_chinese_sentence, run


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = str(tmp_path_factory.mktemp("cli-hours") / "data")
    made = run("--data-dir", folder, "demo", "--teachers", "300", "--seed", "3", "--no-gui")
    assert made.returncode == 0, made.stderr
    return folder


def short(data: str, *args: str) -> dict[str, object]:
    result = run("--data-dir", data, "hours", "short", "--json", *args)
    assert result.returncode == 0, result.stderr
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def test_json_lists_teachers_short_with_masked_ids(data: str) -> None:
    payload = short(data)
    assert payload["preset"] == "sichuan-2.0"
    teachers = payload["teachers"]
    assert isinstance(teachers, list) and teachers
    assert payload["count"] == len(teachers)
    for teacher in teachers:
        assert len(teacher["id_number"]) == 18 and "********" in teacher["id_number"]
        assert teacher["reason_codes"] and teacher["reasons"]
        assert teacher["total"] == teacher["online"] + teacher["practice"]
        assert teacher["assessment"] in {"passed", "failed", "pending"}


def test_filters_by_shortfall_and_school(data: str) -> None:
    everyone = short(data)["teachers"]
    assert isinstance(everyone, list)
    for of, code in (("online", "online_short"), ("practice", "practice_short")):
        listed = short(data, "--of", of)["teachers"]
        assert isinstance(listed, list)
        assert all(code in t["reason_codes"] for t in listed)
        assert len(listed) == sum(code in t["reason_codes"] for t in everyone)
    school = everyone[0]["school_code"]
    own = short(data, "--school", school)["teachers"]
    assert isinstance(own, list) and own
    assert {t["school_code"] for t in own} == {school}
    assert len(own) == sum(t["school_code"] == school for t in everyone)


def test_text_output(data: str) -> None:
    result = run("--data-dir", data, "hours", "short", "--of", "practice")
    assert result.returncode == 0, result.stderr
    head, *lines = result.stdout.splitlines()
    assert head.startswith("规则：四川 2.0。") and "校本实践应用不足" in head
    assert f"共 {len(lines)} 名" in head
    _name, masked, school, figures, reasons = lines[0].split("\t")
    assert "********" in masked and school.startswith("成都市温江区")
    assert figures.startswith("网络研修 ") and figures.endswith(" 学时")
    assert "校本实践应用学时不足" in reasons


def test_mistakes(data: str, tmp_path: Path) -> None:
    unknown = run("--data-dir", data, "hours", "short", "--school", "不存在的学校")
    assert_one_chinese_sentence(unknown)
    assert "找不到学校" in unknown.stderr
    bad = run("--data-dir", data, "hours", "short", "--of", "网络")
    assert bad.returncode == 2 and "参数错误" in bad.stderr
    missing = run("--data-dir", str(tmp_path / "empty"), "hours", "short")
    assert_one_chinese_sentence(missing)
