"""Code tables (学段, 学科, 职称, 城乡分类, 学校类别, …) loaded from resources/codes/*.json.

File format::

    {"table": "titles", "title": "职称", "version": "2024",
     "entries": [{"code": "2", "name": "高级教师", "aliases": ["中学高级教师", "小学高级教师"]}]}

``aliases`` carries synonyms and the legacy names found in older files; a lookup by alias
returns the current entry, so a legacy 职称 maps to today's name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from nlts_desktop.domain.errors import ValidationError
from nlts_desktop.domain.resources import load_json, resource_path

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000 \t\r\n"))


_SEEN_LIMIT = 10_000


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()


@dataclass(frozen=True)
class CodeEntry:
    """One row of a code table."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class CodeTable:
    """A loaded code table with lookups by code, name or alias."""

    table: str
    title: str
    version: str
    entries: tuple[CodeEntry, ...]

    def __post_init__(self) -> None:
        index: dict[str, CodeEntry] = {}
        for entry in self.entries:
            for text in (entry.code, entry.name, *entry.aliases):
                index.setdefault(_key(text), entry)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_seen", {})

    def find(self, text: str) -> CodeEntry | None:
        """Entry matching a code, a name or an alias (full-width and spaces ignored)."""
        # A roster repeats a handful of values 100,000 times: remember what each text found.
        seen: dict[str, CodeEntry | None] = self._seen  # type: ignore[attr-defined]
        if text in seen:
            return seen[text]
        index: dict[str, CodeEntry] = self._index  # type: ignore[attr-defined]
        entry = index.get(_key(text))
        if len(seen) < _SEEN_LIMIT:
            seen[text] = entry
        return entry

    def lookup(self, text: str, *, field_name: str | None = None) -> CodeEntry:
        """Like :meth:`find`, but a miss raises a ValidationError naming the valid values."""
        entry = self.find(text)
        if entry is None:
            names = "、".join(e.name for e in self.entries[:12])
            more = "等" if len(self.entries) > 12 else ""
            raise ValidationError(
                f"“{text}”不是有效的{self.title}，可用的{self.title}有：{names}{more}。",
                code=f"code.{self.table}",
                field=field_name or self.table,
                value=text,
            )
        return entry

    def name_of(self, code: str) -> str:
        """Display name of a code (the code itself when unknown)."""
        for entry in self.entries:
            if entry.code == code:
                return entry.name
        return code

    def codes(self) -> list[str]:
        """All codes in table order."""
        return [entry.code for entry in self.entries]


def parse_code_table(data: dict[str, Any], *, source: str) -> CodeTable:
    """Build a table from parsed JSON, with a Chinese message for a malformed file."""
    try:
        entries = tuple(
            CodeEntry(
                code=str(raw["code"]),
                name=str(raw["name"]),
                aliases=tuple(str(a) for a in raw.get("aliases", ())),
                extra={k: v for k, v in raw.items() if k not in {"code", "name", "aliases"}},
            )
            for raw in data["entries"]
        )
        return CodeTable(
            table=str(data["table"]),
            title=str(data["title"]),
            version=str(data.get("version", "")),
            entries=entries,
        )
    except (KeyError, TypeError) as exc:
        raise ValidationError(
            f"代码表文件“{source}”格式不正确（缺少 {exc}），请使用程序自带的代码表格式。",
            code="code.file",
        ) from exc


@cache
def code_table(name: str) -> CodeTable:
    """A shipped code table by file stem, e.g. ``code_table("titles")``."""
    return parse_code_table(load_json("codes", f"{name}.json"), source=f"codes/{name}.json")


def available_tables() -> list[str]:
    """File stems of the shipped code tables."""
    return sorted(p.stem for p in Path(resource_path("codes")).glob("*.json"))
