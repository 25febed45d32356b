"""NLTS Desktop: the county office's tool for 中小学教师信息技术应用能力提升工程 2.0."""

from __future__ import annotations

__version__ = "0.1.0"
