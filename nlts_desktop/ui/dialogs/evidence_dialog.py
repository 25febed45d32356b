"""A teacher's evidence items (证据材料) for the chosen points: titles, links and files.

Each item's title and external link (e.g. the work's address on the training platform) are
edited in the table and saved when the cell is left.  A file is checked (type, size limit, not
a program) and copied into the workspace's evidence folder by the service, off the UI thread
since a classroom video can be large.  "Save As" copies a stored file out under its original
name; the program never opens or runs an evidence file.  A teacher whose results are with the
county or approved is shown read-only, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.catalogue import EVIDENCE_KINDS
from nlts_desktop.domain.errors import AppError
from nlts_desktop.domain.evidence import allowed_suffixes
from nlts_desktop.exchange.excel_writer import atomic_write
from nlts_desktop.services.assessment import EvidenceRecord
from nlts_desktop.services.context import SCHOOL_ROLES
from nlts_desktop.services.progress import Cancelled, CancelToken, Progress
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes

POINT, SPEC, NAME, TITLE, FILE, LINK = range(6)
EDITABLE_COLUMNS = (TITLE, LINK)
# The service's limits: 标题 255, 外部链接/说明 512 characters.
_LIMITS = {TITLE: 255, LINK: 512}
_ID_ROLE = Qt.ItemDataRole.UserRole
_CHUNK = 1024 * 1024
_FOLDER = "evidence"


@dataclass(frozen=True)
class EvidenceData:
    """What the dialog loads: the items, the size limit and why the teacher is locked."""

    records: list[EvidenceRecord]
    limit_mb: int
    lock_reason: str | None


def copy_file(
    source: Path, target: Path, progress: Progress, cancel: CancelToken, message: str
) -> None:
    """Copy ``source`` to ``target`` in chunks (atomic: a cancelled copy leaves nothing)."""
    total = source.stat().st_size

    def write(temp: Path) -> None:
        done = 0
        with source.open("rb") as src, temp.open("wb") as out:
            while chunk := src.read(_CHUNK):
                cancel.check()
                out.write(chunk)
                done += len(chunk)
                progress(done, total, message)

    atomic_write(target, write)


class EvidenceDialog(QDialog):
    """The teacher's evidence items; Accepted when anything was changed."""

    def __init__(
        self,
        session: AppSession,
        teacher_id: int,
        teacher_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.teacher_id = teacher_id
        self.teacher_name = teacher_name
        self.records: list[EvidenceRecord] = []
        self.limit_mb: int | None = None
        self.locked_reason: str | None = None
        self.changed = False
        self.loaded = False
        self._busy = False
        self._filling = False
        self.can_edit = session.actor.role in SCHOOL_ROLES

        self.setObjectName("EvidenceDialog")
        self.setWindowTitle(self.tr("Evidence: {name}").format(name=teacher_name))
        self.setMinimumSize(900, 440)
        self.resize(1100, 520)

        self.limit_label = QLabel(self)
        self.limit_label.setObjectName("limitLabel")
        self.limit_label.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("evidenceTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Ability point"),
                self.tr("Item no."),
                self.tr("Item"),
                self.tr("Title"),
                self.tr("File"),
                self.tr("External link / note"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemChanged.connect(self._cell_edited)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_file_button = QPushButton(self.tr("Add File…"), self)
        self.add_file_button.setObjectName("addFileButton")
        self.add_file_button.clicked.connect(self.add_file)
        self.remove_file_button = QPushButton(self.tr("Remove File"), self)
        self.remove_file_button.setObjectName("removeFileButton")
        self.remove_file_button.clicked.connect(self.remove_file)
        self.save_as_button = QPushButton(self.tr("Save As…"), self)
        self.save_as_button.setObjectName("saveAsButton")
        self.save_as_button.clicked.connect(self.save_as)
        actions = QHBoxLayout()
        for button in (self.add_file_button, self.remove_file_button, self.save_as_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.lock_label = QLabel(self)
        self.lock_label.setObjectName("lockLabel")
        self.lock_label.setWordWrap(True)
        self.lock_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.lock_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.limit_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.lock_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self._update_buttons()
        self._load()

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        workspace = self.session.workspace
        teacher_id = self.teacher_id

        def load(_progress: Progress, _cancel: CancelToken) -> EvidenceData:
            assessment = workspace.assessment
            records = assessment.evidence(teacher_id)
            limit = assessment.evidence_limit_mb()
            return EvidenceData(records, limit, assessment.lock_reason(teacher_id))

        self.session.tasks.run(
            self, load, on_success=self._loaded, on_error=lambda exc: show_error(self, exc)
        )

    def _loaded(self, data: EvidenceData) -> None:
        self.records = list(data.records)
        self.limit_mb = data.limit_mb
        if not self.can_edit:
            self.locked_reason = self.tr("Your account can view the evidence but not change it.")
        else:
            self.locked_reason = data.lock_reason
        self.loaded = True
        if self.locked_reason:
            self.lock_label.setText(self.locked_reason)
            self.lock_label.show()
        if self.editable:
            self.limit_label.setText(
                self.tr(
                    "Double-click a title or link to edit it. Files may be up to {mb} MB: "
                    "documents, videos and images; programs and scripts are refused. A larger "
                    "video can be given as a link instead."
                ).format(mb=data.limit_mb)
            )
        else:
            self.limit_label.setText(
                self.tr("Files may be up to {mb} MB.").format(mb=data.limit_mb)
            )
        if not self.records:
            self.status_label.setText(
                self.tr(
                    "{name} has not chosen any ability points yet: choose the points first, "
                    "then their evidence items appear here."
                ).format(name=self.teacher_name)
            )
        self._fill()
        if self.records:
            self.table.selectRow(0)
        self._update_buttons()

    @property
    def editable(self) -> bool:
        """Whether the items may be changed (role, lock)."""
        return self.can_edit and self.loaded and self.locked_reason is None

    # ------------------------------------------------------------------ table
    def _fill(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            self._fill_row(row, record)
        self._filling = False
        self.table.resizeColumnsToContents()
        self._widen()

    def _widen(self) -> None:
        # Room for a title, a file name and a link even while they are empty.
        for column, least in ((TITLE, 160), (FILE, 160), (LINK, 160)):
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), least))

    def _fill_row(self, row: int, record: EvidenceRecord) -> None:
        filling = self._filling
        self._filling = True
        texts = {
            POINT: f"{record.point_code} {record.point_name}",
            SPEC: record.spec_code,
            NAME: self.item_description(record),
            TITLE: record.title or "",
            FILE: self.file_text(record),
            LINK: record.external_ref or "",
        }
        for column, text in texts.items():
            item = QTableWidgetItem(text)
            item.setData(_ID_ROLE, record.item_id)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if column in EDITABLE_COLUMNS and self.editable:
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            if text:
                item.setToolTip(text)
            self.table.setItem(row, column, item)
        self._filling = filling

    def item_description(self, record: EvidenceRecord) -> str:
        """材料名称 with its kind and, for a video, its longest length."""
        kind = EVIDENCE_KINDS.get(record.kind, record.kind)
        if record.max_minutes:
            return self.tr("{name} ({kind}, at most {minutes} min)").format(
                name=record.spec_name, kind=kind, minutes=record.max_minutes
            )
        return self.tr("{name} ({kind})").format(name=record.spec_name, kind=kind)

    def file_text(self, record: EvidenceRecord) -> str:
        """The stored file's name and size, or '' when there is none."""
        if not record.file_name:
            return ""
        return self.tr("{name} ({size})").format(
            name=record.file_name, size=self.size_text(record.file_size or 0)
        )

    def size_text(self, size: int) -> str:
        """A file size in KB below 1 MB, else in MB with one decimal."""
        if size < 1024 * 1024:
            return self.tr("{size} KB").format(size=max(1, round(size / 1024)))
        return self.tr("{size} MB").format(size=f"{size / 1024 / 1024:.1f}")

    def current_record(self) -> EvidenceRecord | None:
        """The item of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self.records[index] if 0 <= index < len(self.records) else None

    def _update_buttons(self) -> None:
        record = self.current_record()
        writable = self.editable and record is not None and not self._busy
        self.add_file_button.setEnabled(writable)
        self.remove_file_button.setEnabled(writable and bool(record and record.file_name))
        self.save_as_button.setEnabled(
            record is not None and bool(record.file_sha256) and not self._busy
        )

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in EDITABLE_COLUMNS:
            return
        row = item.row()
        record = self.records[row]
        text = item.text().strip()
        old = (record.title if item.column() == TITLE else record.external_ref) or ""
        if text == old:
            return
        limit = _LIMITS[item.column()]
        if len(text) > limit:
            self._fill_row(row, record)
            self.status_label.setText(
                self.tr(
                    "The text is {count} characters long; keep it within {most}. Nothing was saved."
                ).format(count=len(text), most=limit)
            )
            return
        title = text if item.column() == TITLE else record.title
        link = text if item.column() == LINK else record.external_ref
        self._update(
            record,
            title=title,
            link=link,
            label=self.tr("Saving {code}…").format(code=record.spec_code),
            done=self.tr("Saved {code}.").format(code=record.spec_code),
        )

    # ------------------------------------------------------------------ writes
    def _update(
        self,
        record: EvidenceRecord,
        *,
        title: str | None,
        link: str | None,
        label: str,
        done: str,
        file: Path | None = None,
        remove_file: bool = False,
    ) -> None:
        assessment = self.session.workspace.assessment
        item_id = record.item_id

        def job(progress: Progress, cancel: CancelToken) -> EvidenceRecord:
            return assessment.update_evidence(
                item_id,
                title=title,
                external_ref=link,
                file=file,
                remove_file=remove_file,
                progress=progress,
                cancel=cancel,
            )

        def succeeded(updated: EvidenceRecord) -> None:
            self._busy = False
            self.changed = True
            self._replace(updated)
            self.status_label.setText(done)
            self._update_buttons()

        def cancelled() -> None:
            self._busy = False
            self._replace(record)  # the table shows what is stored
            self.status_label.setText("")
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            cancelled()
            show_error(self, exc)

        self._busy = True
        self._update_buttons()
        self.session.tasks.run(
            self,
            job,
            on_success=succeeded,
            on_error=failed,
            on_cancel=cancelled,
            label=label,
            cancellable=file is not None,  # a large video takes a while to copy
            changes=Changes.of("assessment"),
        )

    def _replace(self, record: EvidenceRecord) -> None:
        for row, old in enumerate(self.records):
            if old.item_id == record.item_id:
                self.records[row] = record
                self._fill_row(row, record)
                if record.file_name != old.file_name:
                    self.table.resizeColumnToContents(FILE)
                    self._widen()
                return

    def add_file(self) -> None:
        """Attach a file to the selected item (checked and copied by the service)."""
        record = self.current_record()
        if record is None or not self.editable:
            return
        path = self.ask_open_path(record)
        if path is None:
            return
        self._update(
            record,
            title=record.title,
            link=record.external_ref,
            file=path,
            label=self.tr("Copying {name} into the evidence folder…").format(name=path.name),
            done=self.tr("Added {name} to {code}.").format(name=path.name, code=record.spec_code),
        )

    def ask_open_path(self, record: EvidenceRecord) -> Path | None:
        """The file the user picks for an item, or None."""
        patterns = " ".join(f"*{suffix}" for suffix in sorted(allowed_suffixes(record.kind)))
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Add Evidence File: {code}").format(code=record.spec_code),
            self.session.settings.last_folder(_FOLDER),
            self.tr("Evidence files ({patterns});;All files (*)").format(patterns=patterns),
        )
        if not chosen:
            return None
        path = Path(chosen)
        self.session.settings.set_last_folder(_FOLDER, str(path.parent))
        return path

    def remove_file(self) -> None:
        """Detach the selected item's file (after asking)."""
        record = self.current_record()
        if record is None or not record.file_name or not self.editable:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove File"),
            self.tr(
                'Remove the file "{name}" from {code}? The item then has no file until one '
                "is added again."
            ).format(name=record.file_name, code=record.spec_code),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._update(
            record,
            title=record.title,
            link=record.external_ref,
            remove_file=True,
            label=self.tr("Removing the file…"),
            done=self.tr("Removed the file from {code}.").format(code=record.spec_code),
        )

    def save_as(self) -> None:
        """Copy the selected item's stored file to a place the user picks."""
        record = self.current_record()
        if record is None or not record.file_sha256 or not record.file_name:
            return
        target = self.ask_save_path(record)
        if target is None:
            return
        assessment = self.session.workspace.assessment
        item_id = record.item_id
        missing = self.tr(
            'The stored file of {code} is missing from the evidence folder. Add "{name}" to '
            "the item again."
        ).format(code=record.spec_code, name=record.file_name)
        message = self.tr("Saving a copy of {name}…").format(name=record.file_name)

        def job(progress: Progress, cancel: CancelToken) -> Path | None:
            source = assessment.evidence_path(item_id)
            if source is None or not source.is_file():
                raise AppError(missing, code="evidence.blob_missing")
            try:
                copy_file(source, target, progress, cancel, message)
            except Cancelled:
                return None  # the runner shows nothing for a cancel; the dialog says so
            return target

        def succeeded(path: Path | None) -> None:
            self._busy = False
            if path is None:
                self.status_label.setText(self.tr("Cancelled: no copy was saved."))
            else:
                self.status_label.setText(self.tr("Saved a copy to {path}.").format(path=str(path)))
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_buttons()
            show_error(self, exc)

        self._busy = True
        self._update_buttons()
        self.session.tasks.run(
            self, job, on_success=succeeded, on_error=failed, label=message, cancellable=True
        )

    def ask_save_path(self, record: EvidenceRecord) -> Path | None:
        """Where to save a copy of the item's file (its original name offered), or None."""
        name = record.file_name or record.spec_code
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save Evidence File As"),
            str(Path(self.session.settings.last_folder(_FOLDER)) / name),
        )
        if not chosen:
            return None
        path = Path(chosen)
        self.session.settings.set_last_folder(_FOLDER, str(path.parent))
        return path

    # ------------------------------------------------------------------ closing
    def reject(self) -> None:
        """Close: Accepted when anything was saved, so the caller reloads."""
        self.done(
            QDialog.DialogCode.Accepted.value if self.changed else QDialog.DialogCode.Rejected.value
        )
