"""Fill unfinished entries of the zh_CN .ts from JSON files of translations.

    .venv/bin/python scripts/fill_translations.py TRANSLATIONS.json [MORE.json …]

Each JSON file maps a Qt context (the class name) to {English source: Chinese}.  Run
``scripts/translations`` first (it adds the new sources as unfinished entries), then this,
then ``scripts/translations`` again to compile.  Prints the entries still unfinished.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lxml import etree

TS = Path(__file__).resolve().parents[1] / "resources/translations/nlts_zh_CN.ts"


def main() -> int:
    """Merge the given translations into the .ts; exit 1 while anything is left unfinished."""
    wanted: dict[str, dict[str, str]] = {}
    for name in sys.argv[1:]:
        for context, entries in json.loads(Path(name).read_text(encoding="utf-8")).items():
            wanted.setdefault(context, {}).update(entries)
    tree = etree.parse(str(TS))
    left = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                continue
            text = wanted.get(name, {}).get(source)
            if text is not None:
                translation.text = text
                translation.attrib.pop("type", None)
            elif translation.get("type") == "unfinished" or not translation.text:
                left.append(f"{name}: {source}")
    tree.write(str(TS), encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE TS>")
    for line in left:
        print(f"unfinished: {line}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
