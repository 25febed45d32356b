"""Which backups to keep: grandfather-father-son thinning by day, ISO week and month.

Pure: it reads nothing but what it is given and deletes nothing; the caller deletes the
backups it lists that are not in the returned set.  Rules decided here:

* **Daily**: the newest backup of each of the last ``keep_daily`` *days that have backups*
  (a week without work does not use up the days).  Weekly (ISO weeks, Monday first) and
  monthly likewise.  The three sets overlap: the newest backup of today is also this week's
  and this month's.
* **Always kept**: the newest backup known to be good (``newest_good``: a broken newest file
  must never push the last sound copy out), and every backup made *before an upgrade* or
  *before a restore* in the last :data:`PROTECTED_DAYS` days, whatever the counts say: they
  are the way back from a migration or a restore that turned out wrong, and a busy day of
  automatic backups must not thin them away.  After 30 days they are thinned like any other.
* Likewise every backup made *before an import* or *before a package* in the last
  :data:`CHECKPOINT_DAYS` days: an automatic backup half an hour after a wrong import already
  holds the wrong data, and by the daily rule alone it would replace the checkpoint that holds
  the right data.  A week is long enough to notice, short enough not to fill the disk.
* The input is what ``storage.backup.list_backups`` lists (our file-name pattern only), so the
  live database, foreign files and the temporary file of a running backup never reach here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from nlts_desktop.storage.backup import BackupFile

#: Reasons whose backups are kept for :data:`PROTECTED_DAYS` regardless of the counts.
PROTECTED_REASONS = frozenset({"before-upgrade", "before-restore"})
PROTECTED_DAYS = 30
#: The checkpoints before bulk changes, kept for :data:`CHECKPOINT_DAYS` regardless.
CHECKPOINT_REASONS = frozenset({"before-import", "before-package"})
CHECKPOINT_DAYS = 7


@dataclass(frozen=True)
class RetentionPolicy:
    """How many days, ISO weeks and months keep their newest backup."""

    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12


def _newest_per_period(
    backups: Sequence[BackupFile], period: Callable[[datetime], Hashable], count: int
) -> set[Path]:
    """The newest backup of each of the ``count`` newest periods that have backups."""
    kept: set[Path] = set()
    seen: set[Hashable] = set()
    for backup in sorted(backups, key=lambda b: b.made_at, reverse=True):
        key = period(backup.made_at)
        if key in seen:
            continue
        if len(seen) >= count:
            break
        seen.add(key)
        kept.add(backup.path)
    return kept


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _iso_week(moment: datetime) -> Hashable:
    iso = moment.isocalendar()
    return (iso.year, iso.week)


def _month(moment: datetime) -> Hashable:
    return (moment.year, moment.month)


def plan_retention(
    backups: Sequence[BackupFile],
    policy: RetentionPolicy,
    *,
    newest_good: Path | None,
    now: datetime | None = None,
) -> set[Path]:
    """The paths of the backups to KEEP (everything else in ``backups`` may be deleted)."""
    moment = now or datetime.now()
    keep = (
        _newest_per_period(backups, _day, max(policy.keep_daily, 0))
        | _newest_per_period(backups, _iso_week, max(policy.keep_weekly, 0))
        | _newest_per_period(backups, _month, max(policy.keep_monthly, 0))
    )
    for reasons, days in (
        (PROTECTED_REASONS, PROTECTED_DAYS),
        (CHECKPOINT_REASONS, CHECKPOINT_DAYS),
    ):
        since = moment - timedelta(days=days)
        keep |= {b.path for b in backups if b.reason in reasons and b.made_at >= since}
    if newest_good is not None:
        keep.add(newest_good)
    return keep
