"""Fixed vocabularies of the programme (the open-ended code tables live in resources/codes)."""

from __future__ import annotations

from enum import StrEnum


class WorkspaceLevel(StrEnum):
    """Which org unit a workspace belongs to."""

    COUNTY = "county"
    SCHOOL = "school"
    CITY = "city"

    @property
    def label(self) -> str:
        return {"county": "区县", "school": "学校", "city": "地市"}[self.value]


class Gender(StrEnum):
    """性别, as derived from the 身份证号 (odd sequence = male)."""

    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        return "男" if self is Gender.MALE else "女"

    @classmethod
    def parse(cls, text: str) -> Gender | None:
        """Read 男/女/male/female/M/F; None when not recognised."""
        key = text.strip().lower()
        if key in {"男", "male", "m", "1"}:
            return cls.MALE
        if key in {"女", "female", "f", "2"}:
            return cls.FEMALE
        return None


class TeacherStatus(StrEnum):
    """Whether a teacher is still on the roster."""

    ACTIVE = "active"
    INACTIVE = "inactive"

    @property
    def label(self) -> str:
        return "在职" if self is TeacherStatus.ACTIVE else "已停用"


class HourCategory(StrEnum):
    """学时类别: 网络研修 / 校本实践应用 / 其他."""

    ONLINE = "online"
    PRACTICE = "practice"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"online": "网络研修", "practice": "校本实践应用", "other": "其他"}[self.value]


class HourSource(StrEnum):
    """Where an hour record came from."""

    MANUAL = "manual"
    IMPORTED = "imported"
    CERTIFIED = "certified"
    ASSESSMENT = "assessment"
    PACKAGE = "package"

    @property
    def label(self) -> str:
        return {
            "manual": "手工录入",
            "imported": "文件导入",
            "certified": "区县认定",
            "assessment": "考核认定",
            "package": "数据包导入",
        }[self.value]


class Grade(StrEnum):
    """考核等级 of an evidence item or a point: 优秀 / 合格 / 不合格."""

    EXCELLENT = "excellent"
    PASS = "pass"
    FAIL = "fail"

    @property
    def label(self) -> str:
        return {"excellent": "优秀", "pass": "合格", "fail": "不合格"}[self.value]


class SubmissionState(StrEnum):
    """A school's assessment batch: draft → submitted → approved | returned."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {
            "draft": "草稿",
            "submitted": "已提交",
            "approved": "已通过",
            "returned": "已退回",
        }[self.value]


class Role(StrEnum):
    """Account roles, enforced in the services."""

    COUNTY_ADMIN = "county_admin"
    COUNTY_REVIEWER = "county_reviewer"
    SCHOOL_COORDINATOR = "school_coordinator"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return {
            "county_admin": "区县管理员",
            "county_reviewer": "区县审核员",
            "school_coordinator": "学校管理员",
            "viewer": "只读用户",
        }[self.value]


class Environment(StrEnum):
    """信息化教学环境 of the ability-point catalogue."""

    MULTIMEDIA = "A"
    MIXED = "B"
    SMART = "C"

    @property
    def label(self) -> str:
        return {"A": "多媒体教学环境", "B": "混合学习环境", "C": "智慧学习环境"}[self.value]


class ReviewState(StrEnum):
    """The county's decision on one teacher's result within a batch (审核)."""

    PENDING = "pending"
    HELD = "held"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {
            "pending": "待审核",
            "held": "暂缓（需关注）",
            "approved": "已通过",
            "returned": "已退回",
        }[self.value]


class PlanApproval(StrEnum):
    """The county's approval of a school's 校本研修方案 and scoring rules."""

    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {"pending": "待审批", "approved": "已批准", "returned": "已退回修改"}[self.value]


class RecheckOutcome(StrEnum):
    """Outcome of re-checking one sampled result (抽样检查)."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    CHANGED = "changed"

    @property
    def label(self) -> str:
        return {"pending": "待复核", "confirmed": "复核一致", "changed": "复核等级不一致"}[
            self.value
        ]


class CertificateState(StrEnum):
    """Certificate register states."""

    ISSUED = "issued"
    REISSUED = "reissued"
    VOIDED = "voided"

    @property
    def label(self) -> str:
        return {"issued": "已发放", "reissued": "已补发", "voided": "已作废"}[self.value]
