"""What the official-form menu items share: the 联系人 line, the problem list, the PDF path.

An official form (附件) carries a 填报单位 / 联系人 / 联系电话 line: the clerk is asked for it
before the file is written, prefilled from the 年度规划书's cover (the county's contact).  A form
refused for missing data, or a workbook refused on import, lists every problem in a dialog —
the clerk works through the list instead of reading the first few in one long sentence.
Writing and reading run through the task runner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nlts_desktop.domain.errors import AppError, ValidationError
from nlts_desktop.domain.phone import normalize_phone
from nlts_desktop.services.roster_import import RowIssue
from nlts_desktop.services.targets import PlanTableImport
from nlts_desktop.ui.dialogs.import_common import pick_workbook
from nlts_desktop.ui.dialogs.validated_form import ERROR_COLOR
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.session import AppSession, Changes
from nlts_desktop.ui.tabs.table_tab import ask_save_path, show_information

EXPORT_FOLDER = "export"
PLAN_FOLDER = "plan-forms"
# Where the services' refusals end their sentence before listing the problems.
_HEAD_STOPS = ("（没有生成文件）", "没有导入任何内容", "没有保存")


# ---------------------------------------------------------------------- problems


def issue_line(issue: RowIssue) -> str:
    """One refused cell: 第 5 行 联系电话（“123”）：reason."""
    if issue.row:
        return QCoreApplication.translate(
            "FormExports", "Row {row}, {column} (“{value}”): {reason}"
        ).format(row=issue.row, column=issue.column, value=issue.value, reason=issue.reason)
    return QCoreApplication.translate("FormExports", "{column} (“{value}”): {reason}").format(
        column=issue.column, value=issue.value, reason=issue.reason
    )


def problem_lines(exc: BaseException) -> list[str]:
    """Every problem an error lists in its details (missing data, file issues, problems)."""
    if not isinstance(exc, AppError):
        return []
    details = exc.details
    lines: list[str] = []
    for key in ("missing", "problems"):
        found = details.get(key)
        if isinstance(found, list | tuple):
            lines += [str(item) for item in found]
    issues = details.get("issues")
    if isinstance(issues, list | tuple):
        lines += [issue_line(i) if isinstance(i, RowIssue) else str(i) for i in issues]
    return lines


def problem_head(exc: BaseException) -> str:
    """The refusal's sentence without the problems it quotes (they are listed below it)."""
    if not isinstance(exc, AppError):
        return ""
    message = exc.message
    for stop in _HEAD_STOPS:
        at = message.find(stop)
        if at >= 0:
            return message[: at + len(stop)].rstrip("。") + "。"
    return message


class ProblemList(QWidget):
    """A refusal inside a dialog: its sentence in red, then every problem it lists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.head_label = QLabel(self)
        self.head_label.setObjectName("problemHead")
        self.head_label.setWordWrap(True)
        self.head_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.head_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QListWidget(self)
        self.list.setObjectName("problemList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.head_label)
        layout.addWidget(self.list, 1)
        self.clear()

    def clear(self) -> None:
        """Hide the list."""
        self.head_label.clear()
        self.list.clear()
        self.hide()

    def show_lines(self, head: str, lines: Sequence[str]) -> None:
        """Show a sentence and its problems."""
        self.head_label.setText(head)
        self.head_label.setVisible(bool(head))
        self.list.clear()
        self.list.addItems(list(lines))
        self.list.setVisible(bool(lines))
        self.show()

    def show_error(self, exc: BaseException) -> bool:
        """Show an AppError (with its problems, if any); False for anything else."""
        if not isinstance(exc, AppError):
            return False
        lines = problem_lines(exc)
        self.show_lines(problem_head(exc) if lines else exc.message, lines)
        return True

    def lines(self) -> list[str]:
        """The problems shown (tests)."""
        return [self.list.item(i).text() for i in range(self.list.count())]


class ProblemListDialog(QDialog):
    """A refusal with its list of problems (missing data of a form, cells of a file)."""

    def __init__(self, title: str, exc: AppError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProblemListDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(560, 320)
        self.problems = ProblemList(self)
        self.problems.show_error(exc)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        copy = buttons.addButton(self.tr("Copy List"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        from PySide6.QtWidgets import QApplication

        head = self.problems.head_label.text()
        QApplication.clipboard().setText("\n".join([head, *self.problems.lines()]))


def show_problems(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """An error with a list of problems in the list dialog; any other the usual way."""
    if isinstance(exc, AppError) and problem_lines(exc):
        ProblemListDialog(title, exc, parent).exec()
    else:
        show_error(parent, exc)


# ---------------------------------------------------------------------- the contact line


class FormContactDialog(QDialog):
    """The form's 填报单位 (when it has one), 联系人 and 联系电话, asked before writing."""

    def __init__(
        self,
        title: str,
        *,
        contact: str = "",
        phone: str = "",
        unit: str | None = None,
        ask_contact: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("FormContactDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.asks_contact = ask_contact
        intro = QLabel(self.tr("These are printed on the form's filling-unit line."), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.unit_edit: QLineEdit | None = None
        if unit is not None:
            self.unit_edit = QLineEdit(unit, self)
            self.unit_edit.setObjectName("unitEdit")
            self.unit_edit.setMaxLength(128)
            form.addRow(self.tr("Filling unit:"), self.unit_edit)
        self.contact_edit = QLineEdit(contact, self)
        self.contact_edit.setObjectName("contactEdit")
        self.contact_edit.setMaxLength(64)
        self.phone_edit = QLineEdit(phone, self)
        self.phone_edit.setObjectName("phoneEdit")
        self.phone_edit.setMaxLength(32)
        self.phone_edit.setPlaceholderText(self.tr("e.g. 028-82712345 or 13812345678"))
        if ask_contact:
            form.addRow(self.tr("Contact person:"), self.contact_edit)
            form.addRow(self.tr("Contact phone:"), self.phone_edit)
        else:
            self.contact_edit.hide()
            self.phone_edit.hide()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("contactError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save Form…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        for edit in (self.unit_edit, self.contact_edit, self.phone_edit):
            if edit is not None:
                edit.textChanged.connect(self._check)
        self._check()

    def _problem(self) -> str:
        if self.unit_edit is not None and not self.unit_edit.text().strip():
            return self.tr("Enter the filling unit.")
        if not self.asks_contact:
            return ""
        if not self.contact_edit.text().strip():
            return self.tr("Enter the contact person.")
        if not self.phone_edit.text().strip():
            return self.tr("Enter the contact phone.")
        try:
            normalize_phone(self.phone_edit.text())
        except ValidationError as exc:
            return exc.message
        return ""

    def _check(self) -> None:
        problem = self._problem()
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)

    def unit(self) -> str | None:
        """The filling unit typed (None when the form has none)."""
        return self.unit_edit.text().strip() if self.unit_edit is not None else None

    def contact(self) -> str:
        """The contact person."""
        return self.contact_edit.text().strip()

    def phone(self) -> str:
        """The phone as the domain writes it (028-82712345)."""
        text = self.phone_edit.text()
        return normalize_phone(text) if text.strip() else ""


def ask_contact(
    parent: QWidget,
    session: AppSession,
    title: str,
    *,
    with_unit: bool = False,
    with_contact: bool = True,
) -> FormContactDialog | None:
    """Ask the form's line, prefilled from the 年度规划书's cover; None when cancelled."""
    try:
        cover = session.workspace.annual_plan.cover()
    except AppError:
        contact = phone = ""
        unit = ""
    else:
        contact, phone, unit = cover.contact, cover.phone, cover.unit
    dialog = FormContactDialog(
        title,
        contact=contact,
        phone=phone,
        unit=unit if with_unit else None,
        ask_contact=with_contact,
        parent=parent,
    )
    return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_pdf_path(
    parent: QWidget, session: AppSession, *, title: str, default_name: str
) -> Path | None:
    """Where to write a PDF (.pdf added when missing), in the folder used last; None: cancel."""
    folder = session.settings.last_folder(EXPORT_FOLDER)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path(folder) / default_name),
        QCoreApplication.translate("FormExports", "PDF document (*.pdf)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    session.settings.set_last_folder(EXPORT_FOLDER, str(path.parent))
    return path


def save_form(
    parent: QWidget,
    session: AppSession,
    *,
    title: str,
    name: str,
    work: Callable[[Path], Any],
) -> None:
    """Ask where, write ``work(out)`` off the UI thread, say where it went or list problems."""
    out = ask_save_path(
        parent,
        session,
        title=title,
        default_name=QCoreApplication.translate("FormExports", "{name}_{date}.xlsx").format(
            name=name, date=date.today().isoformat()
        ),
    )
    if out is None:
        return
    session.tasks.run(
        parent,
        lambda _p, _c: work(out),
        label=QCoreApplication.translate("FormExports", "Saving {name}…").format(name=name),
        cancellable=False,
        on_success=lambda _result: show_information(
            parent,
            title,
            QCoreApplication.translate("FormExports", "{name} was saved to {path}.").format(
                name=name, path=str(out)
            ),
        ),
        on_error=lambda exc: show_problems(parent, title, exc),
    )


# ---------------------------------------------------------------------- the forms


def export_plan_table_form(parent: QWidget, session: AppSession) -> None:
    """附件1-1 市、县级培训年度计划表 (every programme year)."""
    title = QCoreApplication.translate("FormExports", "Annual Training Plan Table")
    asked = ask_contact(parent, session, title)
    if asked is None:
        return
    contact, phone = asked.contact(), asked.phone()
    targets = session.workspace.targets
    save_form(
        parent,
        session,
        title=title,
        name=QCoreApplication.translate("FormExports", "Annual training plan table"),
        work=lambda out: targets.plan_table_form(out, contact=contact, phone=phone),
    )


def export_pilot_schools_form(parent: QWidget, session: AppSession) -> None:
    """附件一 试点单位信息汇总表 (the pilot schools)."""
    title = QCoreApplication.translate("FormExports", "Pilot School Summary")
    asked = ask_contact(parent, session, title, with_unit=True)
    if asked is None:
        return
    unit, contact, phone = asked.unit(), asked.contact(), asked.phone()
    reports = session.workspace.reports
    save_form(
        parent,
        session,
        title=title,
        name=QCoreApplication.translate("FormExports", "Pilot school summary"),
        work=lambda out: reports.pilot_schools_form(out, unit=unit, contact=contact, phone=phone),
    )


def plan_import_summary(found: PlanTableImport) -> str:
    """What a checked 年度计划表 brings, year by year, to confirm before writing."""
    years = "\n".join(
        QCoreApplication.translate("FormExports", "{year}: {count} teachers").format(
            year=year, count=f"{sum(levels.values()):,}"
        )
        for year, levels in sorted(found.years.items())
    )
    return QCoreApplication.translate(
        "FormExports",
        "The file “{file}” (sheet “{sheet}”, {region}, {teachers} teachers) brings these planned "
        "teachers:\n{years}\n\nImporting replaces the targets of these years. Import it?",
    ).format(
        file=found.file_name,
        sheet=found.sheet,
        region=found.region,
        teachers=f"{found.teachers:,}",
        years=years or QCoreApplication.translate("FormExports", "(no year has numbers)"),
    )


def import_plan_table(parent: QWidget, session: AppSession, path: Path | None = None) -> None:
    """导入年度计划表: check the file, confirm what it brings, then write it in one go."""
    title = QCoreApplication.translate("FormExports", "Import Annual Training Plan Table")
    if path is None:
        chosen = pick_workbook(parent, session, folder_key=PLAN_FOLDER, title=title)
        if not chosen:
            return
        path = Path(chosen)
    targets = session.workspace.targets
    source = path

    def written(result: PlanTableImport) -> None:
        show_information(
            parent,
            title,
            QCoreApplication.translate(
                "FormExports", "The annual targets of {years} were imported from “{file}”."
            ).format(
                years=QCoreApplication.translate("FormExports", ", ").join(
                    str(y) for y in sorted(result.years)
                ),
                file=result.file_name,
            ),
        )

    def checked(found: PlanTableImport) -> None:
        answer = QMessageBox.question(
            parent,
            title,
            plan_import_summary(found),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        session.tasks.run(
            parent,
            lambda _p, _c: targets.import_plan_table(source),
            label=QCoreApplication.translate(
                "FormExports", "Importing the annual training plan table…"
            ),
            cancellable=False,
            changes=Changes.of("targets"),
            on_success=written,
            on_error=lambda exc: show_problems(parent, title, exc),
        )

    session.tasks.run(
        parent,
        lambda _p, _c: targets.read_plan_table(source),
        label=QCoreApplication.translate("FormExports", "Checking the file…"),
        cancellable=False,
        on_success=checked,
        on_error=lambda exc: show_problems(parent, title, exc),
    )
