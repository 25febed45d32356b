"""Checking a teacher's choice of micro-ability points (选点) against the preset's point rule.

A school chooses its environment(s); each teacher picks points from them, at least
``min_points`` points covering at least ``min_dimensions`` dimensions (a preset rule, not code).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nlts_desktop.domain.catalogue import AbilityPointSpec, Catalogue, normalize_point_code
from nlts_desktop.domain.enums import Environment
from nlts_desktop.domain.presets import PointRule


@dataclass(frozen=True)
class SelectionProblem:
    """One thing wrong with a selection, with its stable code and a Chinese sentence."""

    code: str
    message: str
    point_code: str | None = None


@dataclass(frozen=True)
class SelectionCheck:
    """Result of :func:`check_selection`.

    ``points`` holds the acceptable points only (known, not repeated, environment allowed), in
    the order given; ``dimensions`` the dimensions they cover, in catalogue order.
    """

    ok: bool
    problems: tuple[SelectionProblem, ...]
    points: tuple[AbilityPointSpec, ...]
    dimensions: tuple[str, ...]


def _environment_names(environments: Iterable[Environment]) -> str:
    return "、".join(e.label for e in environments)


def check_selection(
    catalogue: Catalogue,
    rule: PointRule,
    point_codes: Iterable[str],
    *,
    school_environments: Iterable[Environment] | None = None,
) -> SelectionCheck:
    """Check the point codes one teacher chose; blank codes (empty cells) are ignored."""
    allowed_by_rule = tuple(rule.allowed_environments)
    school = None if school_environments is None else tuple(dict.fromkeys(school_environments))
    restrict_to_school = school is not None and rule.points_from_school_environment_only

    problems: list[SelectionProblem] = []
    accepted: list[AbilityPointSpec] = []
    seen: set[str] = set()
    for raw in point_codes:
        shown = normalize_point_code(raw)
        if not shown:
            continue
        point = catalogue.find(shown)
        if point is None:
            problems.append(
                SelectionProblem(
                    code="selection.unknown_point",
                    message=(
                        f"“{raw.strip()}”不是能力点目录中的编号，请填写如 A1、B3、C5 这样的编号。"
                    ),
                    point_code=shown,
                )
            )
            continue
        if point.code in seen:
            problems.append(
                SelectionProblem(
                    code="selection.duplicate",
                    message=f"{point.code} 重复选择了，请删去重复的一项。",
                    point_code=point.code,
                )
            )
            continue
        seen.add(point.code)
        environment = point.environment
        if environment not in allowed_by_rule:
            problems.append(
                SelectionProblem(
                    code="selection.environment",
                    message=(
                        f"{point.code} 属于{environment.label}，本方案只允许选择"
                        f"{_environment_names(allowed_by_rule)}的能力点，不能选择。"
                    ),
                    point_code=point.code,
                )
            )
            continue
        if restrict_to_school and school is not None and environment not in school:
            where = (
                f"本校选定的环境为{_environment_names(school)}"
                if school
                else "本校尚未选定信息化教学环境（请先在学校信息中设置）"
            )
            problems.append(
                SelectionProblem(
                    code="selection.environment",
                    message=f"{point.code} 属于{environment.label}，{where}，不能选择。",
                    point_code=point.code,
                )
            )
            continue
        accepted.append(point)

    all_dimensions = catalogue.dimensions()
    covered = tuple(d for d in all_dimensions if any(p.dimension == d for p in accepted))
    if len(accepted) < rule.min_points:
        rejected_some = len(seen) > len(accepted)
        message = (
            f"至少选择 {rule.min_points} 个符合要求的能力点，当前只有 {len(accepted)} 个。"
            if rejected_some
            else f"至少选择 {rule.min_points} 个能力点，当前 {len(accepted)} 个。"
        )
        problems.append(SelectionProblem(code="selection.too_few", message=message))
    if len(covered) < rule.min_dimensions:
        missing = "、".join(d for d in all_dimensions if d not in covered)
        have = (
            f"当前只覆盖了{'、'.join(covered)}（{len(covered)} 个）"
            if covered
            else "当前还没有覆盖任何维度"
        )
        problems.append(
            SelectionProblem(
                code="selection.dimensions",
                message=(
                    f"所选能力点至少要覆盖 {rule.min_dimensions} 个能力维度，{have}，"
                    f"请再从{missing}中选择。"
                ),
            )
        )
    return SelectionCheck(
        ok=not problems,
        problems=tuple(problems),
        points=tuple(accepted),
        dimensions=covered,
    )
