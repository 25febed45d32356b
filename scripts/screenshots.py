"""Screenshots of the real program (run under Xvfb): main window, import preview, a dialog error,
the 考核 grid (an invalid cell, locked and returned rows), the 审核 queue, the 数据包 dialogs
(a school's submission previewed for import, the package records, the keys), a city's tab, and
the 统计 tab with the 年度目标 dialog.

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots.py DATA_DIR OUT_DIR

DATA_DIR is a workspace folder (e.g. one made by ``nlts-desktop demo --teachers 100000``); an
administrator account "admin" is created when the workspace has none.  The pictures are grabbed
from the X screen, so they show what a clerk sees, window frame aside.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import openpyxl
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from nlts_desktop.app import make_application
from nlts_desktop.domain.enums import Role
from nlts_desktop.paths import data_paths
from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.dialogs.import_wizard import ImportWizard
from nlts_desktop.ui.dialogs.targets_dialog import TargetsDialog
from nlts_desktop.ui.dialogs.teacher_dialog import TeacherDialog
from nlts_desktop.ui.main_window import MainWindow
from nlts_desktop.ui.session import AppSession
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tasks import TaskRunner

PASSWORD = "nlts-demo-2026"


def pump(seconds: float) -> None:
    """Let the event loop run (tasks finish, windows paint)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def wait_idle(tasks: TaskRunner, seconds: float = 30) -> None:
    """Wait for background jobs, then paint."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if tasks.wait(50):
            break
    pump(0.8)


def grab(widget: QWidget, path: Path) -> None:
    """The screen area of a top-level window, as the X server shows it."""
    screen = QApplication.primaryScreen()
    frame = widget.frameGeometry()
    picture = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    picture.save(str(path))
    print(f"saved {path} ({picture.width()}×{picture.height()})")


def bad_roster(path: Path) -> Path:
    """A school's roster with typical mistakes (bad check digit, ID stored as a number …)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["温江区柳城小学 2026 年教师信息表"])
    sheet.append(["序号", "姓名", "身份证号码", "性别", "工作单位", "手机", "任教学科", "职称"])
    rows = [
        [1, "陈晓梅", "510115198503150024", "女", "成都市温江区柳城小学", "13812345678", "语文", "一级教师"],
        [2, "刘建国", "110105194912310021", "男", "成都市温江区柳城小学", "13900001111", "数学", "高级教师"],
        [3, "赵丽", 5.101151985031501e17, "女", "成都市温江区柳城小学", "", "英语", "二级教师"],
        [4, "孙伟", "510115199001010016", "男", "温江区不存在的学校", "1381234", "体育", "三级教师"],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def main() -> int:
    """Take the three screenshots."""
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    app.setStyle("Fusion")
    paths = data_paths(data)
    workspace = Workspace.open(paths, actor=Actor.system("screenshots"))
    if not workspace.accounts.has_users():
        workspace.accounts.create_first_admin(
            username="admin", display_name="区县管理员", password=PASSWORD
        )
    workspace.act_as(Actor("admin", Role.COUNTY_ADMIN))
    tasks = TaskRunner(app)
    session = AppSession(workspace=workspace, tasks=tasks, settings=UiSettings(out / "ui.ini"))
    window = MainWindow(session)
    window.resize(1400, 860)
    window.move(20, 20)
    window.show()
    started = time.perf_counter()
    wait_idle(tasks)
    print(f"main window ready in {time.perf_counter() - started:.2f} s")
    window.tabs.setCurrentWidget(window.teachers_tab)
    wait_idle(tasks)
    grab(window, out / "main_window_teachers.png")
    window.teachers_tab.search.setText("王")
    pump(1.0)
    grab(window, out / "main_window_search.png")

    # The import preview with rejected rows.
    school = workspace.schools.list()[0]
    source = bad_roster(out / "柳城小学教师信息表.xlsx")
    rows = openpyxl.load_workbook(source)
    sheet = rows.active
    assert sheet is not None
    for cell in sheet["E"][2:4]:
        cell.value = school.name
    rows.save(source)
    wizard = ImportWizard(session, "teachers", window)
    wizard.resize(1000, 640)
    wizard.move(120, 80)
    wizard.show()
    wizard.choose_page.path_edit.setText(str(source))
    pump(0.3)
    wizard.next()
    wait_idle(tasks)
    if wizard.currentId() == 1:  # the mapping page, when shown
        wizard.next()
        wait_idle(tasks)
    grab(wizard, out / "import_preview.png")
    wizard.reject()

    # A validation error in the teacher dialog.
    dialog = TeacherDialog(session, None, window)
    dialog.move(200, 80)
    dialog.show()
    wait_idle(tasks)
    dialog.id_edit.setText("51011519850315002")
    dialog.name_edit.setText("陈晓梅")
    pump(0.6)
    grab(dialog, out / "teacher_dialog_error.png")
    dialog.reject()
    assessment_shots(window, session, out)
    package_shots(window, session, out)
    dashboard_shots(window, session, out)
    window.close()
    workspace.close()
    return 0


def assessment_shots(window: MainWindow, session: AppSession, out: Path) -> None:
    """The score grid of a school the county has partly approved and returned, and the queue.

    Takes a school whose batch the demo left 已提交, approves its first three results, returns
    the rest with a reason for the batch, one teacher and one item, then types an invalid key.
    """
    workspace, tasks = session.workspace, session.tasks
    queue = workspace.review.queue()
    waiting = [q for q in queue if q.state.value == "submitted" and 8 <= q.teachers <= 40]
    if not waiting:
        print("no submitted batch of 8–40 teachers in this workspace: assessment shots skipped")
        return
    school = waiting[0].school_id
    rows = workspace.review.school(school).rows
    workspace.review.approve(school, [r.teacher_id for r in rows[:3]])
    returned = rows[4]
    grid_row = next(
        r for r in workspace.assessment.grid(school).rows if r.teacher_id == returned.teacher_id
    )
    item = grid_row.points[1].items[-1]
    workspace.review.return_batch(
        school,
        "部分教师的课堂实录片段超过 10 分钟，请按评分细则重新剪辑后提交。",
        teacher_reasons={returned.teacher_id: "课堂实录片段 12 分钟，超过规定时长"},
        item_reasons={item.item_id: "视频超过 10 分钟"},
    )
    window.tabs.setCurrentWidget(window.assessment_tab)
    tab = window.assessment_tab
    wait_idle(tasks)  # the tab loads its schools when first shown
    tab.school_combo.setCurrentIndex(tab.school_combo.findData(school))
    wait_idle(tasks)
    # An invalid key on the first open row's first item: shown in red, nothing saved.
    start = tab.model.first_editable()
    assert start is not None
    tab.view.go_to(*start)
    tab.view.type_text("5")
    tab.view.go_to(start[0] + 1, start[1])  # the clerk moves on: the red cell stays visible
    pump(0.6)
    grab(window, out / "assessment_grid.png")

    # The county's queue, with another school's batch open.
    if window.review_tab is not None:
        window.tabs.setCurrentWidget(window.review_tab)
        window.review_tab.reload()
        wait_idle(tasks)
        other = next((q for q in workspace.review.queue() if q.state.value == "submitted"), None)
        if other is not None:
            window.review_tab.select_school(other.school_id)
            wait_idle(tasks)
        grab(window, out / "review_queue.png")

    # The dialogs the coordinator and the reviewer open from these tabs.
    from nlts_desktop.ui.dialogs.evidence_dialog import EvidenceDialog
    from nlts_desktop.ui.dialogs.plan_dialog import PlanDialog
    from nlts_desktop.ui.dialogs.sampling_dialog import SamplingDialog
    from nlts_desktop.ui.dialogs.selection_dialog import SelectionDialog

    row = tab.model.row_at(start[0])
    dialogs: list[tuple[QWidget, str]] = [
        (PlanDialog(session, school, window), "plan_dialog.png"),
        (
            SelectionDialog(
                session, school, row.teacher_id, row.name, [p.code for p in row.points], window
            ),
            "selection_dialog.png",
        ),
        (EvidenceDialog(session, row.teacher_id, row.name, window), "evidence_dialog.png"),
        (SamplingDialog(session, window), "sampling_dialog.png"),
    ]
    for dialog, name in dialogs:
        dialog.move(60, 60)
        dialog.show()
        wait_idle(tasks)
        grab(dialog, out / name)
        dialog.close()


def dashboard_shots(window: MainWindow, session: AppSession, out: Path) -> None:
    """The 统计 tab (charts with their numbers, schools, breakdowns) and the 年度目标 dialog."""
    if window.dashboard_tab is None:
        return
    window.tabs.setCurrentWidget(window.dashboard_tab)
    wait_idle(session.tasks)
    grab(window, out / "dashboard.png")
    dialog = TargetsDialog(session, window)
    dialog.move(160, 120)
    dialog.show()
    wait_idle(session.tasks)
    grab(dialog, out / "targets_dialog.png")
    dialog.reject()


def package_shots(window: MainWindow, session: AppSession, out: Path) -> None:
    """A draft school's kit → its own workspace → graded and submitted → the county's import
    preview; then the package records, the keys, and a city that took in the county's report.

    The school and city workspaces live in a temporary folder; the county keeps what it took in.
    """
    import tempfile

    from nlts_desktop.domain.enums import SubmissionState
    from nlts_desktop.services.workspace import WorkspaceSpec
    from nlts_desktop.ui.dialogs.package_dialogs import (
        KeysDialog,
        PackageImportDialog,
        PackageLedgerDialog,
    )

    workspace, tasks = session.workspace, session.tasks
    queued = {q.school_id for q in workspace.review.queue()}
    per_school = workspace.stats.active_teachers_per_school()
    school = next(
        (
            s
            for s in workspace.schools.list(include_inactive=False)
            if s.id not in queued and 8 <= per_school.get(s.id, 0) <= 40
        ),
        None,
    )
    if school is None:
        print("no draft school of 8–40 teachers in this workspace: package shots skipped")
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        kit = workspace.school_kits.make(school.id, folder / "学校工作包.nltspkg").path
        school_ws = Workspace.create_from_kit(
            data_paths(folder / "school"),
            kit,
            actor=Actor.system("coordinator"),
            accept_fingerprint=workspace.keys.own().fingerprint,
        )
        try:
            here = school_ws.schools.list()[0].id
            grid = school_ws.assessment.grid(here)
            school_ws.assessment.set_scores(
                [
                    (i.item_id, "1" if n % 3 else "2")
                    for n, r in enumerate(grid.rows)
                    for p in r.points
                    for i in p.items
                ],
                assessor="王老师",
            )
            school_ws.assessment.submit(here)
            assert school_ws.assessment.batch(here).state is SubmissionState.SUBMITTED
            package = school_ws.submissions.make(
                folder / f"考核上报包-{school.name}.nltspkg", note="全部作品已在研修平台公示"
            ).path
        finally:
            school_ws.close()
        preview = workspace.intake.preview(package)
        dialog = PackageImportDialog(session, package, preview, window)
        dialog.move(60, 60)
        dialog.show()
        wait_idle(tasks)
        grab(dialog, out / "package_import.png")
        dialog.close()
        workspace.intake.take_in(package, accept_new_key=True)
        for widget, name in (
            (PackageLedgerDialog(session, window), "package_ledger.png"),
            (KeysDialog(session, window), "package_keys.png"),
        ):
            widget.move(60, 60)
            widget.show()
            wait_idle(tasks)
            grab(widget, out / name)
            widget.close()

        # A city that takes in this county's report (sealed to the city's key).
        info = workspace.info()
        if not info.parent_code:
            print("the workspace has no upper office: city shot skipped")
            return
        city = Workspace.create(
            data_paths(folder / "city"),
            WorkspaceSpec(
                level="city",
                region_code=info.parent_code,
                region_name=info.parent_name or info.parent_code,
                preset_id=info.preset_id,
            ),
            actor=Actor.system("city"),
        )
        try:
            city_key = city.keys.export_public(folder / "city.nltskey")
            started = time.perf_counter()
            report = workspace.county_reports.make(
                folder / "区县上报包.nltspkg", recipient_key=city_key
            )
            print(f"county report made in {time.perf_counter() - started:.1f} s")
            city.intake.take_in(report.path, accept_new_key=True)
            city_session = AppSession(
                workspace=city, tasks=tasks, settings=UiSettings(out / "city-ui.ini")
            )
            city_window = MainWindow(city_session)
            city_window.resize(1340, 640)
            city_window.move(20, 20)
            city_window.show()
            wait_idle(tasks)
            grab(city_window, out / "city_tab.png")
            city_window.close()
            tasks.wait()
        finally:
            city.close()


if __name__ == "__main__":
    sys.exit(main())
