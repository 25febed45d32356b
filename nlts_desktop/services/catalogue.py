"""The ability-point catalogue in force (微能力点目录): read it, replace it by a province's file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.catalogue import Catalogue, load_catalogue, parse_catalogue, read_json_file
from nlts_desktop.domain.errors import StorageError
from nlts_desktop.services.audit import record_import
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext
from nlts_desktop.storage.models import AbilityPoint, EvidenceSpecRow, WorkspaceRow
from nlts_desktop.storage.models import Catalogue as CatalogueRow


@dataclass(frozen=True)
class CatalogueInfo:
    """Which catalogue version a workspace uses."""

    catalogue_id: str
    version: str
    title: str
    points: int


def store_catalogue(session: Session, catalogue: Catalogue, source: Any) -> int:
    """Write a catalogue version with its points and evidence specs (once); returns its row id."""
    existing = session.scalars(
        select(CatalogueRow).where(
            CatalogueRow.catalogue_key == catalogue.catalogue_id,
            CatalogueRow.version == catalogue.version,
        )
    ).one_or_none()
    if existing is not None:
        return existing.id
    row = CatalogueRow(
        catalogue_key=catalogue.catalogue_id,
        version=catalogue.version,
        title=catalogue.title,
        source_json=json.dumps(source, ensure_ascii=False),
    )
    session.add(row)
    session.flush()
    for point in catalogue.points:
        point_row = AbilityPoint(
            catalogue_id=row.id,
            code=point.code,
            name=point.name,
            environment=point.environment.value,
            dimension=point.dimension,
        )
        session.add(point_row)
        session.flush()
        session.execute(
            insert(EvidenceSpecRow),
            [
                {
                    "point_id": point_row.id,
                    "code": spec.code,
                    "name": spec.name,
                    "kind": spec.kind,
                    "max_minutes": spec.max_minutes,
                    "sort_order": index,
                }
                for index, spec in enumerate(point.evidence)
            ],
        )
    return row.id


class CatalogueService:
    """The workspace's catalogue version."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def _workspace(self, session: Session) -> WorkspaceRow:
        row = session.scalars(select(WorkspaceRow)).first()
        if row is None or row.catalogue_id is None:
            raise StorageError("工作区中没有能力点目录，文件可能不完整。", code="catalogue.missing")
        return row

    def current(self) -> Catalogue:
        """The catalogue in force, as the domain sees it."""
        with self._context.read() as session:
            row = session.get_one(CatalogueRow, self._workspace(session).catalogue_id)
            return parse_catalogue(json.loads(row.source_json), source=f"工作区目录 {row.version}")

    def info(self) -> CatalogueInfo:
        """Identity and size of the catalogue in force."""
        with self._context.read() as session:
            row = session.get_one(CatalogueRow, self._workspace(session).catalogue_id)
            points = session.scalar(
                select(func.count())
                .select_from(AbilityPoint)
                .where(AbilityPoint.catalogue_id == row.id)
            )
            return CatalogueInfo(row.catalogue_key, row.version, row.title, int(points or 0))

    def replace_from_file(self, path: Path) -> CatalogueInfo:
        """Use a province's own catalogue file from now on (checked before anything is written).

        Earlier versions stay in the database, so selections made under them keep their points.
        """
        self._context.require(ADMIN_ROLES, "更换能力点目录")
        catalogue = load_catalogue(path)
        source = read_json_file(path, what="能力点目录文件", code="catalogue.file")
        with self._context.unit_of_work() as session:
            workspace = self._workspace(session)
            workspace.catalogue_id = store_catalogue(session, catalogue, source)
            record_import(
                session,
                entity=CatalogueRow.__tablename__,
                what="能力点目录",
                path=path,
                counts=f"版本 {catalogue.version}，{len(catalogue.points)} 个能力点",
            )
        return self.info()
