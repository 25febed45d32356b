"""The micro-ability point catalogue (微能力点目录): 30 points × evidence items, as editable data.

The shipped file is ``resources/ability_points.json`` (national 2.0 list as reproduced by the
provinces); a province whose wording differs loads its own file with :func:`load_catalogue`.
Every problem in such a file is reported in Chinese, naming the file and the point.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from nlts_desktop.domain.codes import code_table
from nlts_desktop.domain.enums import Environment
from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.domain.resources import load_json

SHIPPED_FILE = "ability_points.json"

#: Evidence kinds (证据材料类型) with their Chinese labels.
EVIDENCE_KINDS: dict[str, str] = {
    "document": "文档",
    "video": "视频",
    "image": "图片",
    "other": "其他",
}


def normalize_point_code(text: str) -> str:
    """Canonical form of a point or evidence code: full-width folded, spaces dropped, upper case."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).upper()


@dataclass(frozen=True)
class EvidenceSpec:
    """One evidence item (证据材料) a point requires, e.g. A6-2 课堂实录片段 ≤ 10 min."""

    code: str
    name: str
    kind: str
    max_minutes: int | None = None
    note: str = ""

    @property
    def kind_label(self) -> str:
        """Chinese name of the evidence kind."""
        return EVIDENCE_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class AbilityPointSpec:
    """One micro-ability point (微能力点) of the catalogue."""

    code: str
    name: str
    environment: Environment
    dimension: str
    evidence: tuple[EvidenceSpec, ...]

    @property
    def label(self) -> str:
        """Code and name together, e.g. ``A1 技术支持的学情分析``."""
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class Catalogue:
    """A loaded, validated catalogue of ability points."""

    catalogue_id: str
    version: str
    title: str
    points: tuple[AbilityPointSpec, ...]

    def find(self, code: str) -> AbilityPointSpec | None:
        """The point with this code (case-insensitive, full-width tolerated), or None."""
        key = normalize_point_code(code)
        for point in self.points:
            if point.code == key:
                return point
        return None

    def point(self, code: str) -> AbilityPointSpec:
        """The point with this code; NotFoundError ``catalogue.point`` when unknown."""
        found = self.find(code)
        if found is None:
            raise NotFoundError(
                f"能力点目录（{self.title}，版本 {self.version}）中没有编号为“{code.strip()}”的"
                "能力点，请填写目录中的编号，例如 A1、B3、C5。",
                code="catalogue.point",
                details={"value": code},
            )
        return found

    def by_environment(self, environment: Environment) -> tuple[AbilityPointSpec, ...]:
        """Points of one environment (多媒体 / 混合 / 智慧), in catalogue order."""
        return tuple(p for p in self.points if p.environment is environment)

    def dimensions(self) -> tuple[str, ...]:
        """Dimension names used by the points, in the order of the dimensions code table."""
        used = {p.dimension for p in self.points}
        return tuple(name for name in dimension_names() if name in used)


def dimension_names() -> tuple[str, ...]:
    """The four ability dimensions (能力维度) from resources/codes/dimensions.json."""
    return tuple(entry.name for entry in code_table("dimensions").entries)


def read_json_file(path: Path, *, what: str, code: str) -> Any:
    """Parse a JSON file the user chose; unreadable or malformed files raise a Chinese error."""
    name = path.name
    details = {"file": str(path)}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ValidationError(
            f"找不到{what}文件“{path}”，请确认文件仍在原来的位置。",
            code=code,
            field="file",
            value=str(path),
            details=details,
        ) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{what}文件“{name}”不是 UTF-8 编码的文本，请用文本编辑器另存为 UTF-8 编码后重试。",
            code=code,
            field="file",
            value=str(path),
            details=details,
        ) from exc
    except OSError as exc:
        raise ValidationError(
            f"无法读取{what}文件“{path}”（{exc.strerror or exc}），"
            "请检查文件是否被其他程序占用，或是否有读取权限。",
            code=code,
            field="file",
            value=str(path),
            details=details,
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{what}文件“{name}”不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列附近有错误。"
            "请检查该处的逗号、引号和括号是否完整、成对，修改后重新载入。",
            code=code,
            field="file",
            value=str(path),
            details={**details, "line": exc.lineno, "column": exc.colno},
        ) from exc


# --- parsing -------------------------------------------------------------------------------


class _Parser:
    """Validates one catalogue file, raising on the first problem with the file and point named."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, message: str, *, point: str | None = None) -> ValidationError:
        where = f"能力点 {point} " if point else ""
        # Messages that already say how to fix it do not get the generic advice as well.
        advice = "" if "请" in message else "请修改该文件后重新载入。"
        return ValidationError(
            f"能力点目录文件“{self.source}”中{where}{message}{advice}",
            code="catalogue.file",
            field="point" if point else "file",
            value=point,
            details={"file": self.source},
        )

    def text(
        self,
        raw: Mapping[str, Any],
        key: str,
        label: str,
        *,
        point: str | None = None,
        required: bool = True,
    ) -> str:
        value = raw.get(key)
        if value is None and not required:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(f"缺少“{key}”（{label}）或其值不是文字。", point=point)
        result = str(value).strip()
        if required and not result:
            owner = "的" if point else ""
            raise self.fail(f"{owner}“{key}”（{label}）为空，请填写。", point=point)
        return result

    def catalogue(self, data: Any) -> Catalogue:
        if not isinstance(data, Mapping):
            raise self.fail("最外层应为一个对象（{…}），当前不是。")
        catalogue_id = self.text(data, "catalogue", "目录标识")
        version = self.text(data, "version", "版本")
        title = self.text(data, "title", "标题")
        raw_points = data.get("points")
        if not isinstance(raw_points, list) or not raw_points:
            raise self.fail("缺少“points”能力点列表，或列表为空。")
        points: list[AbilityPointSpec] = []
        seen_points: set[str] = set()
        seen_evidence: dict[str, str] = {}
        for index, raw in enumerate(raw_points, start=1):
            spec = self.point(raw, index, seen_evidence)
            if spec.code in seen_points:
                raise self.fail("的编号重复出现，每个能力点编号只能出现一次。", point=spec.code)
            seen_points.add(spec.code)
            points.append(spec)
        return Catalogue(
            catalogue_id=catalogue_id,
            version=version,
            title=title,
            points=tuple(points),
        )

    def point(self, raw: Any, index: int, seen_evidence: dict[str, str]) -> AbilityPointSpec:
        if not isinstance(raw, Mapping):
            raise self.fail(f"第 {index} 个能力点不是对象（{{…}}）。")
        code = normalize_point_code(self.text(raw, "code", f"第 {index} 个能力点的编号"))
        name = self.text(raw, "name", "名称", point=code)
        environment = self.environment(raw.get("environment"), code)
        dimension = self.dimension(raw.get("dimension"), code)
        raw_evidence = raw.get("evidence")
        if not isinstance(raw_evidence, list) or not raw_evidence:
            raise self.fail("没有证据材料（evidence），每个能力点至少要有 1 项。", point=code)
        evidence: list[EvidenceSpec] = []
        for item_index, item in enumerate(raw_evidence, start=1):
            spec = self.evidence(item, item_index, code)
            owner = seen_evidence.get(spec.code)
            if owner is not None:
                also = "" if owner == code else f"（能力点 {owner} 已使用）"
                raise self.fail(
                    f"的证据材料编号“{spec.code}”重复{also}，证据编号不能重复。", point=code
                )
            seen_evidence[spec.code] = code
            evidence.append(spec)
        return AbilityPointSpec(
            code=code,
            name=name,
            environment=environment,
            dimension=dimension,
            evidence=tuple(evidence),
        )

    def environment(self, raw: Any, point: str) -> Environment:
        entry = code_table("environments").find(raw) if isinstance(raw, str) else None
        if entry is None:
            raise self.fail(
                f"的环境“{raw if raw is not None else ''}”无效，应为 A（多媒体教学环境）、"
                "B（混合学习环境）或 C（智慧学习环境）。",
                point=point,
            )
        return Environment(entry.code)

    def dimension(self, raw: Any, point: str) -> str:
        entry = code_table("dimensions").find(raw) if isinstance(raw, str) else None
        if entry is None:
            known = "、".join(dimension_names())
            raise self.fail(
                f"的维度“{raw if raw is not None else ''}”无效，应为 {known} 之一。", point=point
            )
        return entry.name

    def evidence(self, raw: Any, index: int, point: str) -> EvidenceSpec:
        if not isinstance(raw, Mapping):
            raise self.fail(f"的第 {index} 项证据材料不是对象（{{…}}）。", point=point)
        code = normalize_point_code(self.text(raw, "code", f"第 {index} 项证据的编号", point=point))
        name = self.text(raw, "name", f"证据 {code} 的名称", point=point)
        kind = raw.get("kind")
        if kind not in EVIDENCE_KINDS:
            choices = "、".join(f"{k}（{v}）" for k, v in EVIDENCE_KINDS.items())
            raise self.fail(
                f"的证据 {code} 类型“{kind if kind is not None else ''}”无效，"
                f"应为 {choices} 之一。",
                point=point,
            )
        max_minutes = raw.get("max_minutes")
        if max_minutes is not None and (
            isinstance(max_minutes, bool) or not isinstance(max_minutes, int) or max_minutes <= 0
        ):
            raise self.fail(
                f"的证据 {code} 时长上限“{max_minutes}”无效，应为正整数分钟数或不填。",
                point=point,
            )
        note = self.text(raw, "note", f"证据 {code} 的说明", point=point, required=False)
        return EvidenceSpec(
            code=code, name=name, kind=str(kind), max_minutes=max_minutes, note=note
        )


def parse_catalogue(data: Any, *, source: str) -> Catalogue:
    """Build a catalogue from parsed JSON; any problem raises ValidationError ``catalogue.file``."""
    return _Parser(source).catalogue(data)


@cache
def _shipped_catalogue() -> Catalogue:
    return parse_catalogue(load_json(SHIPPED_FILE), source=SHIPPED_FILE)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The shipped catalogue (``path`` None) or a province's own catalogue file."""
    if path is None:
        return _shipped_catalogue()
    data = read_json_file(path, what="能力点目录", code="catalogue.file")
    return parse_catalogue(data, source=path.name)
