"""Drawing a reproducible sample of results for re-checking (抽样检查).

The county draws, per school, a ratio or a fixed count of the results.  The draw must be
reproducible from the recorded seed alone — by the county next year, by the city checking the
county, on another machine with another Python — so it does not use ``random``: every result
is ranked by the SHA-256 of the seed and the result's own stable key (身份证号, point, cycle),
and the lowest ranks are taken.  Adding or removing other results does not change the rank of
a result, only how many are taken.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from nlts_desktop.domain.errors import ValidationError

Group = TypeVar("Group", bound=Hashable)
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class SampleSize:
    """How much to draw per school: a ratio (0 < r ≤ 1, rounded up) or a count."""

    ratio: float | None = None
    count: int | None = None

    def for_group(self, size: int) -> int:
        """How many to draw from a group of ``size`` results (at least one of a non-empty group)."""
        if size <= 0:
            return 0
        if self.count is not None:
            return min(size, self.count)
        assert self.ratio is not None
        # 1e-9: 0.1 × 30 is 3.0000000000000004 in floating point, and must stay 3.
        return min(size, max(1, math.ceil(self.ratio * size - 1e-9)))

    @property
    def label(self) -> str:
        """比例 10% or 每校 5 个, for records and reports."""
        if self.count is not None:
            return f"每校 {self.count} 个"
        assert self.ratio is not None
        return f"比例 {self.ratio * 100:g}%"


def sample_size(*, ratio: object = None, count: object = None) -> SampleSize:
    """Check what the user asked for: exactly one of a ratio in (0, 1] or a positive count."""
    if (ratio is None) == (count is None):
        raise ValidationError(
            "请指定抽样比例（如 0.1 表示 10%）或每校抽取的个数，两者选其一。",
            code="sampling.size",
            field="ratio",
        )
    if ratio is not None:
        try:
            value = float(str(ratio).strip().rstrip("%")) / (100 if "%" in str(ratio) else 1)
        except ValueError:
            value = math.nan
        if not 0 < value <= 1:
            raise ValidationError(
                f"抽样比例“{ratio}”无效：应大于 0 且不超过 1（如 0.1 或 10%）。",
                code="sampling.ratio",
                field="ratio",
                value=ratio,
            )
        return SampleSize(ratio=value)
    try:
        number = int(str(count).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationError(
            f"每校抽取个数“{count}”无效：应为不小于 1 的整数。",
            code="sampling.count",
            field="count",
            value=count,
        )
    return SampleSize(count=number)


def check_seed(seed: object) -> int:
    """A seed is a whole number from 0 to 2147483647 (recorded, printed, typed back in)."""
    try:
        value = int(str(seed).strip())
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEED:
        raise ValidationError(
            f"随机种子“{seed}”无效：应为 0 到 {MAX_SEED} 之间的整数。",
            code="sampling.seed",
            field="seed",
            value=seed,
        )
    return value


def rank(seed: int, key: str) -> bytes:
    """The result's place in the draw: SHA-256 of the seed and its key (smaller is drawn first)."""
    return hashlib.sha256(f"{seed}\x1f{key}".encode()).digest()


def draw(
    seed: int, groups: Mapping[Group, Sequence[str]], size: SampleSize
) -> dict[Group, list[str]]:
    """The keys drawn from each group, in rank order (the same seed gives the same keys)."""
    drawn: dict[Group, list[str]] = {}
    for group, keys in groups.items():
        unique = sorted(set(keys))
        take = size.for_group(len(unique))
        if take:
            drawn[group] = sorted(unique, key=lambda key: rank(seed, key))[:take]
    return drawn
