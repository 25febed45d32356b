"""The first run: make a new workspace (or the demo), then its administrator, then sign in.

The workspace is made through the task runner (the demo takes seconds, with progress and a
working Cancel).  A failed or cancelled run leaves nothing half-made behind: ``Workspace.create``
removes its own file on failure, and a demo stopped after that point has its ``workspace.db``
removed here — that one file, never anything else in the data folder.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from nlts_desktop.domain.errors import AppError, StorageError, ValidationError
from nlts_desktop.domain.presets import list_presets
from nlts_desktop.domain.text import normalize_compact, normalize_text
from nlts_desktop.paths import DataPaths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.demo import create_demo
from nlts_desktop.services.progress import Cancelled, CancelToken, Progress
from nlts_desktop.services.workspace import Workspace, WorkspaceSpec, validate_spec
from nlts_desktop.ui.dialogs.login_dialog import AdminAccountForm
from nlts_desktop.ui.dialogs.validated_form import ValidatedForm
from nlts_desktop.ui.errors import show_error
from nlts_desktop.ui.tasks import TaskRunner

PAGE_CHOICE = 0
PAGE_REGION = 1
PAGE_ADMIN = 2
_SETUP_ACTOR = "setup"
# Failures of Workspace.create that mean the data folder is someone else's: never delete then.
_NOT_OURS = frozenset({"lock.busy", "workspace.exists", "db.exists"})


@dataclass(frozen=True)
class _Account:
    username: str
    display_name: str
    password: str


class ChoicePage(QWizardPage):
    """New workspace or the demo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome to NLTS Desktop"))
        self.setSubTitle(self.tr("There is no workspace in this data folder yet."))
        self.new_radio = QRadioButton(self.tr("Create a new workspace"), self)
        self.new_radio.setObjectName("choiceNew")
        new_text = QLabel(
            self.tr(
                "For your county, school or city office: you enter the region and the "
                "programme rules, then add schools and teachers."
            ),
            self,
        )
        self.demo_radio = QRadioButton(
            self.tr("Open the demo workspace (温江区, 四川 2.0, generated example data)"), self
        )
        self.demo_radio.setObjectName("choiceDemo")
        demo_text = QLabel(
            self.tr(
                "A complete example county with made-up schools and teachers, to try every "
                "screen; do not enter real data in it."
            ),
            self,
        )
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.demo_radio)
        self.new_radio.setChecked(True)
        layout = QVBoxLayout(self)
        for radio, text in ((self.new_radio, new_text), (self.demo_radio, demo_text)):
            text.setWordWrap(True)
            text.setIndent(24)
            layout.addWidget(radio)
            layout.addWidget(text)
            layout.addSpacing(8)
        layout.addStretch(1)

    def demo(self) -> bool:
        """Whether the demo was chosen."""
        return self.demo_radio.isChecked()

    def nextId(self) -> int:
        """The demo skips the region page."""
        return PAGE_ADMIN if self.demo() else PAGE_REGION


class RegionPage(QWizardPage):
    """Level, region, parent and programme preset, checked with ``validate_spec`` as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Region and programme"))
        self.setSubTitle(
            self.tr("Which office this workspace belongs to, and which province's rules apply.")
        )
        self.level_combo = QComboBox(self)
        self.level_combo.setObjectName("level")
        for text, level in (
            (self.tr("County office"), "county"),
            (self.tr("School"), "school"),
            (self.tr("City office"), "city"),
        ):
            self.level_combo.addItem(text, level)
        self.region_code_edit = QLineEdit(self)
        self.region_code_edit.setObjectName("region_code")
        self.region_code_edit.setPlaceholderText(self.tr("6 digits, for example 510115"))
        self.region_name_edit = QLineEdit(self)
        self.region_name_edit.setObjectName("region_name")
        self.parent_code_edit = QLineEdit(self)
        self.parent_code_edit.setObjectName("parent_code")
        self.parent_code_edit.setPlaceholderText(self.tr("optional, for example 510100"))
        self.parent_name_edit = QLineEdit(self)
        self.parent_name_edit.setObjectName("parent_name")
        self.parent_name_edit.setPlaceholderText(self.tr("optional"))
        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("preset")
        self._preset_provinces: list[str] = []
        for preset in list_presets():
            self.preset_combo.addItem(preset.name, preset.preset_id)
            self._preset_provinces.append(preset.province_code)

        self.form = ValidatedForm(self)
        self.form.add_field("level", self.tr("Level:"), self.level_combo)
        self.form.add_field("region_code", self.tr("Region code:"), self.region_code_edit)
        self.form.add_field("region_name", self.tr("Region name:"), self.region_name_edit)
        self.form.add_field("parent_code", self.tr("Parent (city) code:"), self.parent_code_edit)
        self.form.add_field("parent_name", self.tr("Parent (city) name:"), self.parent_name_edit)
        self.form.add_field("preset", self.tr("Programme rules:"), self.preset_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)

        self._valid = False
        # Reasons show on fields the user has changed (a fresh page is not "wrong").
        self._touched: set[str] = set()
        self._preset_chosen = False
        self.level_combo.currentIndexChanged.connect(lambda _i: self._changed("level"))
        self.preset_combo.activated.connect(self._preset_activated)
        self.preset_combo.currentIndexChanged.connect(lambda _i: self._changed("preset"))
        for key, edit in (
            ("region_code", self.region_code_edit),
            ("region_name", self.region_name_edit),
            ("parent_code", self.parent_code_edit),
            ("parent_name", self.parent_name_edit),
        ):
            edit.textChanged.connect(lambda _t, key=key: self._changed(key))
        self.revalidate()

    def _preset_activated(self, _index: int) -> None:
        self._preset_chosen = True

    def _changed(self, key: str) -> None:
        self._touched.add(key)
        if key == "region_code" and not self._preset_chosen:
            self._suggest_preset()
        self.revalidate()

    def _suggest_preset(self) -> None:
        """Pick the province's preset from the region code, until the user picks one."""
        province = normalize_compact(self.region_code_edit.text())[:2]
        if province in self._preset_provinces:
            self.preset_combo.setCurrentIndex(self._preset_provinces.index(province))

    def spec(self) -> WorkspaceSpec:
        """The workspace as typed."""
        return WorkspaceSpec(
            level=str(self.level_combo.currentData()),
            region_code=self.region_code_edit.text(),
            region_name=self.region_name_edit.text(),
            preset_id=str(self.preset_combo.currentData() or ""),
            parent_code=normalize_compact(self.parent_code_edit.text()) or None,
            parent_name=normalize_text(self.parent_name_edit.text()) or None,
        )

    def problems(self) -> dict[str, str]:
        """The first refusal of ``validate_spec`` and the parent-code check, by field."""
        found: dict[str, str] = {}
        spec = self.spec()
        try:
            validate_spec(spec)
        except ValidationError as exc:
            found[exc.field or "region_code"] = exc.message
        except AppError as exc:  # an unknown preset (NotFoundError)
            found["preset"] = exc.message
        parent = spec.parent_code or ""
        if parent and not (len(parent) == 6 and parent.isdigit()):
            found["parent_code"] = self.tr(
                "The parent code has 6 digits, for example 510100 for 成都市."
            )
        return found

    def revalidate(self) -> None:
        """Check the page; show reasons on touched fields; enable Next when valid."""
        problems = self.problems()
        self.form.set_errors({k: v for k, v in problems.items() if k in self._touched})
        self._valid = not problems
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Next is enabled only when the spec is valid."""
        return self._valid

    def nextId(self) -> int:
        """Then the administrator account."""
        return PAGE_ADMIN


class AdminPage(QWizardPage):
    """The administrator account, and the progress of the creation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Administrator account"))
        self.setSubTitle(
            self.tr("You sign in with this account; it can add accounts for other people later.")
        )
        self.account_form = AdminAccountForm(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.account_form)
        layout.addStretch(1)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        self.busy = False
        self.account_form.validity_changed.connect(lambda _v: self.completeChanged.emit())

    def set_busy(self, busy: bool, message: str = "") -> None:
        """Lock the form while the workspace is being made."""
        self.busy = busy
        self.account_form.setEnabled(not busy)
        self.status.setText(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Finish is enabled when the account is valid and nothing is running."""
        return self.account_form.is_valid() and not self.busy

    def nextId(self) -> int:
        """The last page."""
        return -1


class FirstRunWizard(QWizard):
    """New workspace or demo → administrator → signed in; ``.workspace`` after accept."""

    # Teachers in the demo workspace (tests make it smaller).
    DEMO_TEACHERS = 3000

    def __init__(self, paths: DataPaths, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.tasks = tasks
        self.workspace: Workspace | None = None
        self.setObjectName("FirstRunWizard")
        self.setWindowTitle(self.tr("Set up NLTS Desktop"))
        self.setMinimumSize(600, 480)
        self.choice_page = ChoicePage(self)
        self.region_page = RegionPage(self)
        self.admin_page = AdminPage(self)
        self.setPage(PAGE_CHOICE, self.choice_page)
        self.setPage(PAGE_REGION, self.region_page)
        self.setPage(PAGE_ADMIN, self.admin_page)
        self.setStartId(PAGE_CHOICE)
        self.currentIdChanged.connect(self._page_changed)

    def _page_changed(self, page_id: int) -> None:
        if page_id != PAGE_ADMIN:
            return
        if self.choice_page.demo():
            text = self.tr(
                "Finish creates the demo workspace with {count} example teachers (this takes "
                "a few seconds) and this account."
            ).format(count=self.DEMO_TEACHERS)
        else:
            spec = self.region_page.spec()
            text = self.tr("Finish creates the workspace for {region} ({code}) and this account.")
            text = text.format(
                region=normalize_text(spec.region_name), code=normalize_compact(spec.region_code)
            )
        self.admin_page.summary.setText(text)

    # ------------------------------------------------------------------ finishing
    def accept(self) -> None:
        """Finish: make the workspace first (through the task runner), then close."""
        if self.workspace is not None:
            super().accept()
            return
        if self.admin_page.busy or not self.admin_page.isComplete():
            return
        self._create()

    def reject(self) -> None:
        """Cancel closes the wizard, except while the workspace is being made."""
        if self.admin_page.busy:
            return
        super().reject()

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.admin_page.set_busy(busy, message)
        # After set_busy: QWizard re-enables Back when it hears completeChanged.
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if busy:
                button.setEnabled(False)
            elif which is QWizard.WizardButton.CancelButton:
                button.setEnabled(True)

    def _create(self) -> None:
        form = self.admin_page.account_form
        account = _Account(form.username(), form.display_name(), form.password())
        paths = self.paths
        demo = self.choice_page.demo()
        spec = None if demo else self.region_page.spec()
        teachers = self.DEMO_TEACHERS
        label = (
            self.tr("Creating the demo workspace…") if demo else self.tr("Creating the workspace…")
        )

        def job(progress: Progress, cancel: CancelToken) -> tuple[Workspace, Actor] | None:
            return _make_workspace(
                paths, spec, account, teachers=teachers, progress=progress, cancel=cancel
            )

        self._set_busy(True, label)
        self.tasks.run(
            self,
            job,
            on_success=self._created,
            on_error=self._failed,
            label=label,
            cancellable=True,
        )

    def _created(self, result: tuple[Workspace, Actor] | None) -> None:
        if result is None:  # cancelled: everything made was removed
            self._set_busy(False, self.tr("Cancelled: nothing was created."))
            return
        workspace, actor = result
        workspace.act_as(actor)
        self.workspace = workspace
        self._set_busy(False)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        show_error(self, exc)


def _make_workspace(
    paths: DataPaths,
    spec: WorkspaceSpec | None,
    account: _Account,
    *,
    teachers: int,
    progress: Progress,
    cancel: CancelToken,
) -> tuple[Workspace, Actor] | None:
    """The job (no widgets): workspace (or demo), first admin, sign-in; None when cancelled."""
    existed = Workspace.exists(paths)
    actor = Actor.system(_SETUP_ACTOR)

    def remove_ours() -> None:
        # Only the file this job made: never a workspace that was there before.
        if not existed:
            paths.database.unlink(missing_ok=True)

    try:
        if spec is None:
            workspace, _summary = create_demo(
                paths, teachers=teachers, actor=actor, progress=progress, cancel=cancel
            )
        else:
            workspace = Workspace.create(paths, spec, actor=actor)
    except Cancelled:
        remove_ours()  # create_demo closed the workspace
        return None
    except BaseException as exc:
        if not (isinstance(exc, StorageError) and exc.code in _NOT_OURS):
            remove_ours()
        raise
    try:
        if cancel.cancelled:
            raise Cancelled
        workspace.accounts.create_first_admin(
            username=account.username,
            display_name=account.display_name,
            password=account.password,
        )
        signed_in = workspace.accounts.authenticate(account.username, account.password)
    except Cancelled:
        workspace.close()
        remove_ours()
        return None
    except BaseException:
        workspace.close()
        remove_ours()
        raise
    return workspace, signed_in
