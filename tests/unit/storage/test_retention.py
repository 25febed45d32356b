"""Retention over a year of daily backups keeps exactly the configured set, and nothing else.

Real (empty) files named by the backup pattern, one a day for 365 days ending Monday
2026-11-23, a second one on Fridays; the expected dates are written out by hand from the
calendar, not computed by the code under test.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

from nlts_desktop.services.backups import BackupSettings
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.storage.backup import BackupFile, list_backups, verify_backup
from nlts_desktop.storage.retention import RetentionPolicy, plan_retention

LAST_DAY = date(2026, 11, 23)  # a Monday (ISO week 48)
MORNING = time(9, 0)
EVENING = time(17, 30)  # Fridays have a second backup: the day's newest
NOW = datetime.combine(LAST_DAY, time(18, 0))

# 7 / 4 / 12: the newest backup of each kept period, by hand from the calendar.
DAILY_7 = [date(2026, 11, d) for d in range(17, 24)]  # Tue 17 … Mon 23
WEEKLY_4 = [date(2026, 11, 23), date(2026, 11, 22), date(2026, 11, 15), date(2026, 11, 8)]
MONTHLY_12 = [
    date(2026, 11, 23),
    date(2026, 10, 31),
    date(2026, 9, 30),
    date(2026, 8, 31),
    date(2026, 7, 31),
    date(2026, 6, 30),
    date(2026, 5, 31),
    date(2026, 4, 30),
    date(2026, 3, 31),
    date(2026, 2, 28),
    date(2026, 1, 31),
    date(2025, 12, 31),
]


def _name(moment: datetime, reason: str) -> str:
    return f"workspace-{moment:%Y%m%d-%H%M%S}-000000-{reason}.db"


def _touch(folder: Path, moment: datetime, reason: str = "auto") -> Path:
    path = folder / _name(moment, reason)
    path.write_bytes(b"")
    return path


def _year_of_backups(folder: Path) -> dict[date, Path]:
    """One backup a day (two on Fridays) for 365 days; returns each day's newest."""
    folder.mkdir(parents=True, exist_ok=True)
    newest: dict[date, Path] = {}
    for offset in range(365):
        day = LAST_DAY - timedelta(days=offset)
        newest[day] = _touch(folder, datetime.combine(day, MORNING))
        if day.weekday() == 4:
            newest[day] = _touch(folder, datetime.combine(day, EVENING), "on-exit")
    return newest


def _expected(newest: dict[date, Path], *days: list[date]) -> set[Path]:
    return {newest[day] for group in days for day in group}


def test_a_year_of_daily_backups_keeps_exactly_the_configured_days(tmp_path: Path) -> None:
    newest = _year_of_backups(tmp_path)
    backups = list_backups(tmp_path)
    assert len(backups) == 365 + 52  # 52 Fridays in the year
    keep = plan_retention(backups, RetentionPolicy(7, 4, 12), newest_good=None, now=NOW)
    expected = _expected(newest, DAILY_7, WEEKLY_4, MONTHLY_12)
    assert keep == expected
    assert len(keep) == 20  # 7 days + Nov 8, 15 + 11 month ends (overlaps counted once)
    # Friday 2026-07-31 and 2026-11-20 keep their evening backup, not the morning one.
    assert tmp_path / _name(datetime(2026, 7, 31, 17, 30), "on-exit") in keep
    assert tmp_path / _name(datetime(2026, 7, 31, 9, 0), "auto") not in keep
    assert tmp_path / _name(datetime(2026, 11, 20, 9, 0), "auto") not in keep


def test_other_counts_and_zero_weeks_or_months(tmp_path: Path) -> None:
    newest = _year_of_backups(tmp_path)
    backups = list_backups(tmp_path)
    keep = plan_retention(backups, RetentionPolicy(3, 0, 0), newest_good=None, now=NOW)
    assert keep == _expected(newest, [date(2026, 11, 21), date(2026, 11, 22), LAST_DAY])
    keep = plan_retention(backups, RetentionPolicy(1, 2, 3), newest_good=None, now=NOW)
    assert keep == _expected(
        newest,
        [LAST_DAY],
        [LAST_DAY, date(2026, 11, 22)],
        [LAST_DAY, date(2026, 10, 31), date(2026, 9, 30)],
    )


def test_days_without_backups_do_not_use_up_the_count(tmp_path: Path) -> None:
    """Seven *days that have backups*: a fortnight's holiday does not empty the daily set."""
    days = [date(2026, 10, d) for d in (1, 2, 5, 6, 7, 8, 9, 26, 27)]
    paths = {day: _touch(tmp_path, datetime.combine(day, MORNING)) for day in days}
    keep = plan_retention(list_backups(tmp_path), RetentionPolicy(7, 0, 0), newest_good=None)
    assert keep == {paths[day] for day in days[-7:]}


def test_newest_good_and_recent_upgrade_restore_and_import_backups_are_kept(
    tmp_path: Path,
) -> None:
    newest = _year_of_backups(tmp_path)
    old_good = newest[date(2026, 1, 14)]  # no rule keeps 14 January
    upgrade = _touch(tmp_path, datetime(2026, 11, 13, 12, 0), "before-upgrade")  # 10 days
    old_restore = _touch(tmp_path, datetime(2026, 10, 14, 12, 0), "before-restore")  # 40 days
    recent_restore = _touch(tmp_path, datetime(2026, 10, 25, 12, 0), "before-restore")  # 29 d
    import_6_days = _touch(tmp_path, datetime(2026, 11, 17, 8, 0), "before-import")
    import_9_days = _touch(tmp_path, datetime(2026, 11, 14, 8, 0), "before-package")
    keep = plan_retention(
        list_backups(tmp_path), RetentionPolicy(7, 4, 12), newest_good=old_good, now=NOW
    )
    assert keep == _expected(newest, DAILY_7, WEEKLY_4, MONTHLY_12) | {
        old_good,
        upgrade,
        recent_restore,
        import_6_days,
    }
    assert old_restore not in keep and import_9_days not in keep


def test_thinning_deletes_only_our_backups_never_foreign_files_or_the_newest_good_one(
    workspace: Workspace, tmp_path: Path
) -> None:
    """BackupService.thin over the year: exactly the expected files are left."""
    folder = workspace.paths.backups
    newest = _year_of_backups(folder)
    # The only sound backup (the empty files fail the check): a real one dated 14 January.
    real = workspace.backups.make("manual", thin=False).path
    good = folder / _name(datetime(2026, 1, 14, 12, 0), "manual")
    os.replace(real, good)
    foreign = [
        folder / "notes.txt",
        folder / "workspace.db",  # a copy of the live database someone put here
        folder / "workspace-old.db",
        folder / "workspace-20260101-120000-000000-Manual.db",  # not our pattern
        folder / f".{_name(datetime(2026, 11, 23, 9, 30), 'auto')}.tmp",  # a running backup
    ]
    for path in foreign:
        path.write_bytes(b"not ours")
    assert (tmp_path / "data" / "workspace.db") == workspace.paths.database

    deleted = workspace.backups.thin()

    left = {path for path in folder.iterdir()}
    kept = _expected(newest, DAILY_7, WEEKLY_4, MONTHLY_12) | {good}
    assert left == kept | set(foreign)
    assert len(deleted) == 365 + 52 - 20
    assert not set(deleted) & (kept | set(foreign))
    assert verify_backup(good) is None
    assert all(path.read_bytes() == b"not ours" for path in foreign)
    # The live database is where it was, sound, and the thinning is in its audit log.
    live = sqlite3.connect(workspace.paths.database)
    try:
        assert live.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        summary = live.execute(
            "SELECT summary FROM audit_entries WHERE action = 'backup' ORDER BY id DESC"
        ).fetchone()[0]
    finally:
        live.close()
    assert summary == f"按保留规则删除旧备份 {len(deleted)} 个"


def test_thinning_follows_the_saved_settings(workspace: Workspace) -> None:
    folder = workspace.paths.backups
    newest = _year_of_backups(folder)
    workspace.backups.save_settings(
        BackupSettings(interval_minutes=10, keep_daily=2, keep_weekly=1, keep_monthly=2)
    )
    workspace.backups.thin()
    left = {b.path for b in list_backups(folder)}
    # No sound backup here at all (all empty): nothing extra is kept for it.
    assert left == _expected(newest, [LAST_DAY, date(2026, 11, 22)], [date(2026, 10, 31)])


def test_backup_file_objects_need_no_disk(tmp_path: Path) -> None:
    """plan_retention is pure: BackupFile values are enough (nothing is read or deleted)."""
    backups = [
        BackupFile(tmp_path / f"b{n}.db", datetime(2026, 11, 23 - n, 9), "auto", 0)
        for n in range(5)
    ]
    keep = plan_retention(backups, RetentionPolicy(2, 0, 0), newest_good=tmp_path / "b4.db")
    assert keep == {tmp_path / "b0.db", tmp_path / "b1.db", tmp_path / "b4.db"}
    assert not any(path.exists() for path in keep)
