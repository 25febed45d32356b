"""The school kit (学校工作包): what the county sends a school so its coordinator can work offline.

It carries the county's rules (preset, catalogue, cycle), the school's record, its active
teachers, its plan and whatever of its assessment already exists (selections, evidence
descriptions, grades, the batch and the county's decisions).  A new data folder created from a
kit is a *school-mode* workspace: it holds that school only.  Values travel as JSON strings
and integers (dates as ISO text, hours never as floats), so nothing drifts on the way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from nlts_desktop.domain.errors import NotFoundError, ValidationError
from nlts_desktop.exchange.package import (
    OpenedPackage,
    PackageContent,
    WrittenPackage,
)
from nlts_desktop.services.assessment import current_cycle, get_school
from nlts_desktop.services.context import ADMIN_ROLES, ServiceContext
from nlts_desktop.services.keys import workspace_origin
from nlts_desktop.services.packages import PackageService
from nlts_desktop.storage.base import Base, UTCDateTime
from nlts_desktop.storage.models import (
    AbilityPoint,
    AssessmentResult,
    EvidenceItem,
    ExchangeBase,
    PackageRecord,
    PointSelection,
    School,
    SchoolPlan,
    SchoolPlanPoint,
    Score,
    Submission,
    Teacher,
    WorkspaceRow,
)
from nlts_desktop.storage.models import Catalogue as CatalogueRow

KIND = "school_kit"
SCHOOL_COLUMNS = (
    "code", "name", "category_code", "stage_code", "urban_rural_code", "environments",
    "is_center_school", "is_pilot", "is_demo", "contact_name", "contact_phone", "address",
    "status", "note",
)  # fmt: skip
TEACHER_COLUMNS = (
    "id_number", "name", "gender", "birth_date", "phone", "stage_code", "subject_code",
    "title_code", "status", "note", "version",
)  # fmt: skip
PLAN_COLUMNS = (
    "environments", "plan_title", "plan_date", "plan_file_ref", "rules_title", "rules_date",
    "rules_file_ref", "approval_state", "approval_note", "approved_by", "approved_at", "version",
)  # fmt: skip
BATCH_COLUMNS = (
    "state", "submitted_at", "submitted_by", "decided_at", "decided_by", "return_reason",
    "locked", "version",
)  # fmt: skip
ITEM_COLUMNS = (
    "spec_code", "title", "kind", "file_sha256", "file_name", "file_size", "external_ref",
    "version",
)  # fmt: skip
RESULT_COLUMNS = ("state", "grade", "reason", "decided_by", "decided_at", "version")


def plain_row(obj: Base, columns: Sequence[str]) -> dict[str, Any]:
    """A row's columns as JSON values (dates and times as ISO text)."""
    out: dict[str, Any] = {}
    for name in columns:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return out


def typed_row(
    model: type[Base], values: Mapping[str, Any], columns: Sequence[str]
) -> dict[str, Any]:
    """JSON values back into a row's types (the inverse of :func:`plain_row`)."""
    table = model.__table__
    out: dict[str, Any] = {}
    for name in columns:
        value = values.get(name)
        column_type = table.c[name].type
        if value is not None and isinstance(column_type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and column_type.python_type is date:
            value = date.fromisoformat(value)
        out[name] = value
    return out


def record_key(id_number: str, point: str) -> str:
    """How a selection is named between offices (its base is kept under this key)."""
    return f"sel:{id_number}:{point}"


def key_parts(key: str) -> tuple[str, str]:
    """身份证号 and point code of a :func:`record_key`."""
    _, number, point = key.split(":")
    return number, point


def travelled_digests(selections: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The digest of each travelled selection, by record key."""
    return {record_key(s["id_number"], s["point"]): s["digest"] for s in selections}


def selection_digest(selection: Mapping[str, Any]) -> str:
    """The content of a selection as travelled (items, grades, evidence), as a short hash.

    Two offices holding the same digest hold the same record; a school keeps the digests it
    last received or sent (its bases) to tell the county's own changes from its own.
    """
    items = sorted(
        (
            str(item["spec_code"]),
            item.get("grade") or "",
            item.get("external_ref") or "",
            item.get("file_sha256") or "",
        )
        for item in selection["items"]
    )
    text = json.dumps([selection["point"], items], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def set_bases(session: Session, selections: Sequence[Mapping[str, Any]], *, reset: bool) -> None:
    """Remember the selections as exchanged with the county (``reset`` forgets older bases)."""
    if reset:
        session.execute(delete(ExchangeBase))
    known: set[tuple[str, str]] = set()
    if not reset:
        pairs = select(ExchangeBase.record_key, ExchangeBase.digest)
        known = {(key, digest) for key, digest in session.execute(pairs).all()}
    for selection in selections:
        pair = (
            record_key(selection["id_number"], selection["point"]),
            str(selection["digest"]),
        )
        if pair not in known:
            known.add(pair)
            session.add(ExchangeBase(record_key=pair[0], digest=pair[1]))
    session.flush()


def teacher_numbers(session: Session, school_id: int, *, active_only: bool) -> dict[int, str]:
    """The school's teachers as id → 身份证号 (the key that travels)."""
    query = select(Teacher.id, Teacher.id_number).where(Teacher.school_id == school_id)
    if active_only:
        query = query.where(Teacher.status == "active")
    return {tid: number for tid, number in session.execute(query).all()}


def digests(session: Session, numbers: Mapping[int, str], cycle: int) -> dict[str, str]:
    """The current digest of every selection of these teachers, by record key."""
    return travelled_digests(selection_rows(session, numbers, cycle, version_key="version"))


def bases(session: Session) -> dict[str, list[str]]:
    """Every record's bases (digests the county is known to have held), by record key."""
    out: dict[str, list[str]] = {}
    for key, digest in session.execute(
        select(ExchangeBase.record_key, ExchangeBase.digest).order_by(ExchangeBase.id)
    ).all():
        out.setdefault(key, []).append(digest)
    return out


def next_sequence(session: Session) -> int:
    """The next outgoing sequence number of this workspace (one series for every kind)."""
    last = session.scalar(
        select(func.max(PackageRecord.sequence)).where(PackageRecord.direction == "out")
    )
    return int(last or 0) + 1


class SchoolKitService:
    """Make a school's kit (the county's side)."""

    def __init__(self, context: ServiceContext, packages: PackageService) -> None:
        self._context = context
        self._packages = packages

    def make(self, school_id: int, out: Path) -> WrittenPackage:
        """Write the school's kit; sealed to the school when its key is registered."""
        self._context.require(ADMIN_ROLES, "生成学校工作包")
        with self._context.read() as session:
            school = get_school(session, school_id)
            if not session.scalar(
                select(Teacher.id).where(Teacher.school_id == school_id, Teacher.status == "active")
            ):
                raise ValidationError(
                    f"{school.name}还没有登记在职教师，工作包没有内容可供学校使用。"
                    "请先导入该校的教师名单。",
                    code="kit.no_teachers",
                )
            content = PackageContent(
                kind=KIND,
                origin=workspace_origin(session),
                sequence=next_sequence(session),
                period=str(current_cycle(session)),
                data=kit_data(session, school),
                counts={},
                recipient=school.code,
            )
            code = school.code
        counts = {
            "teachers": len(content.data["teachers"]),
            "selections": len(content.data["selections"]),
        }
        content = PackageContent(**{**content.__dict__, "counts": counts})
        return self._packages.send(
            out, content, recipient_code=code, message=f"发给{school_label(content.data)}"
        )


def school_label(data: Mapping[str, Any]) -> str:
    """The kit's school as 名称（标识码）."""
    school = data.get("school") or {}
    return f"{school.get('name', '')}（{school.get('code', '')}）"


def kit_data(session: Session, school: School) -> dict[str, Any]:
    """Everything the kit carries, as JSON values."""
    row = session.scalars(select(WorkspaceRow)).one()
    catalogue = session.get_one(CatalogueRow, row.catalogue_id)
    cycle = current_cycle(session)
    teachers = session.scalars(
        select(Teacher)
        .where(Teacher.school_id == school.id, Teacher.status == "active")
        .order_by(Teacher.id)
    ).all()
    numbers = {t.id: t.id_number for t in teachers}
    plan = session.scalars(
        select(SchoolPlan).where(SchoolPlan.school_id == school.id, SchoolPlan.cycle == cycle)
    ).one_or_none()
    plan_points = (
        [
            {"point": code, "required": required}
            for code, required in session.execute(
                select(AbilityPoint.code, SchoolPlanPoint.required)
                .join(AbilityPoint, AbilityPoint.id == SchoolPlanPoint.point_id)
                .where(SchoolPlanPoint.plan_id == plan.id)
                .order_by(AbilityPoint.id)
            ).all()
        ]
        if plan is not None
        else []
    )
    batch = session.scalars(
        select(Submission).where(Submission.school_id == school.id, Submission.cycle == cycle)
    ).one_or_none()
    selections = selection_rows(session, numbers, cycle, version_key="version")
    results = [
        {"id_number": numbers[r.teacher_id], **plain_row(r, RESULT_COLUMNS)}
        for r in session.scalars(
            select(AssessmentResult).where(
                AssessmentResult.cycle == cycle, AssessmentResult.teacher_id.in_(numbers)
            )
        )
    ]
    return {
        "workspace": {
            "level": row.level,
            "region_code": row.region_code,
            "region_name": row.region_name,
            "parent_code": row.parent_code,
            "parent_name": row.parent_name,
            "preset_id": row.preset_id,
            "preset": json.loads(row.preset_json),
            "cycle": cycle,
            "evidence_max_mb": row.evidence_max_mb,
            "county_encryption_public": None,
        },
        "catalogue": json.loads(catalogue.source_json),
        "school": plain_row(school, SCHOOL_COLUMNS),
        "teachers": [plain_row(t, TEACHER_COLUMNS) for t in teachers],
        "plan": (
            {**plain_row(plan, PLAN_COLUMNS), "points": plan_points} if plan is not None else None
        ),
        "batch": plain_row(batch, BATCH_COLUMNS) if batch is not None else None,
        "selections": selections,
        "results": results,
    }


def selection_rows(
    session: Session, numbers: Mapping[int, str], cycle: int, *, version_key: str
) -> list[dict[str, Any]]:
    """The teachers' selections of the cycle with items and grades, as JSON values.

    ``numbers`` maps teacher ids to 身份证号 (the key that travels); each selection's version
    goes under ``version_key``, and its content's :func:`selection_digest` under ``digest``.
    """
    scores = {
        item_id: (grade, assessor, scored_at)
        for item_id, grade, assessor, scored_at in session.execute(
            select(Score.evidence_item_id, Score.grade, Score.assessor, Score.scored_at)
            .join(EvidenceItem, EvidenceItem.id == Score.evidence_item_id)
            .join(PointSelection, PointSelection.id == EvidenceItem.selection_id)
            .where(PointSelection.cycle == cycle, PointSelection.teacher_id.in_(numbers))
        ).all()
    }
    items: dict[int, list[dict[str, Any]]] = {}
    for item in session.scalars(
        select(EvidenceItem)
        .join(PointSelection, PointSelection.id == EvidenceItem.selection_id)
        .where(PointSelection.cycle == cycle, PointSelection.teacher_id.in_(numbers))
        .order_by(EvidenceItem.id)
    ):
        grade, assessor, scored_at = scores.get(item.id, (None, None, None))
        items.setdefault(item.selection_id, []).append(
            {
                **plain_row(item, ITEM_COLUMNS),
                "grade": grade,
                "assessor": assessor,
                "scored_at": scored_at.isoformat() if scored_at else None,
            }
        )
    rows = [
        {
            "id_number": numbers[selection.teacher_id],
            "point": code,
            "grade": selection.grade,
            version_key: selection.version,
            "items": items.get(selection.id, []),
        }
        for selection, code in session.execute(
            select(PointSelection, AbilityPoint.code)
            .join(AbilityPoint, AbilityPoint.id == PointSelection.point_id)
            .where(PointSelection.cycle == cycle, PointSelection.teacher_id.in_(numbers))
            .order_by(PointSelection.teacher_id, AbilityPoint.id)
        ).all()
    ]
    for row in rows:
        row["digest"] = selection_digest(row)
    return rows


def check_kit(opened: OpenedPackage) -> Mapping[str, Any]:
    """The kit's data, after checking it is a kit with the parts a school workspace needs."""
    if opened.manifest.kind != KIND:
        raise ValidationError(
            f"这个数据包是“{opened.manifest.kind_label}”，不是学校工作包，不能用来建立学校工作区。",
            code="kit.kind",
        )
    data = opened.content.data
    missing = [
        part for part in ("workspace", "catalogue", "school", "teachers") if not data.get(part)
    ]
    if missing:
        raise ValidationError(
            f"学校工作包缺少必要的内容（{'、'.join(missing)}），请让区县重新生成。",
            code="kit.incomplete",
        )
    return data


def load_kit(session: Session, data: Mapping[str, Any], catalogue_id: int) -> None:
    """Write a kit's school, teachers, plan and assessment into a new school workspace."""
    school = School(**typed_row(School, data["school"], SCHOOL_COLUMNS))
    session.add(school)
    session.flush()
    teachers: dict[str, int] = {}
    for values in data["teachers"]:
        teacher = Teacher(school_id=school.id, **typed_row(Teacher, values, TEACHER_COLUMNS))
        session.add(teacher)
        session.flush()
        teachers[teacher.id_number] = teacher.id
    cycle = int(data["workspace"]["cycle"])
    point_ids = {
        code: pid
        for code, pid in session.execute(
            select(AbilityPoint.code, AbilityPoint.id).where(
                AbilityPoint.catalogue_id == catalogue_id
            )
        ).all()
    }
    plan = data.get("plan")
    if plan:
        row = SchoolPlan(
            school_id=school.id, cycle=cycle, **typed_row(SchoolPlan, plan, PLAN_COLUMNS)
        )
        session.add(row)
        session.flush()
        for point in plan.get("points", []):
            session.add(
                SchoolPlanPoint(
                    plan_id=row.id, point_id=point_ids[point["point"]], required=point["required"]
                )
            )
    batch_values = data.get("batch")
    batch = Submission(
        school_id=school.id,
        cycle=cycle,
        **(
            typed_row(Submission, batch_values, BATCH_COLUMNS)
            if batch_values
            else {"state": "draft"}
        ),
    )
    session.add(batch)
    session.flush()
    for selection in data.get("selections", []):
        teacher_id = teachers.get(selection["id_number"])
        if teacher_id is None:
            raise NotFoundError(
                "学校工作包中的选点引用了包内没有的教师，工作包不完整，请让区县重新生成。",
                code="kit.incomplete",
            )
        row_selection = PointSelection(
            teacher_id=teacher_id,
            point_id=point_ids[selection["point"]],
            cycle=cycle,
            submission_id=batch.id,
            grade=selection["grade"],
            version=selection["version"],
        )
        session.add(row_selection)
        session.flush()
        for item in selection["items"]:
            evidence = EvidenceItem(
                selection_id=row_selection.id, **typed_row(EvidenceItem, item, ITEM_COLUMNS)
            )
            session.add(evidence)
            session.flush()
            if item.get("grade"):
                session.add(
                    Score(
                        evidence_item_id=evidence.id,
                        grade=item["grade"],
                        assessor=item.get("assessor") or "",
                        scored_at=datetime.fromisoformat(item["scored_at"]),
                    )
                )
    for result in data.get("results", []):
        teacher_id = teachers.get(result["id_number"])
        if teacher_id is not None:
            session.add(
                AssessmentResult(
                    teacher_id=teacher_id,
                    cycle=cycle,
                    submission_id=batch.id,
                    **typed_row(AssessmentResult, result, RESULT_COLUMNS),
                )
            )
    session.flush()
    set_bases(session, data.get("selections", []), reset=True)
