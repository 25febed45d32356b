"""What the window, tabs and dialogs share: the open workspace, the user, tasks, settings."""

from __future__ import annotations

from dataclasses import dataclass

from nlts_desktop.services.context import Actor
from nlts_desktop.services.workspace import Workspace
from nlts_desktop.ui.settings import UiSettings
from nlts_desktop.ui.tasks import TaskRunner


@dataclass(frozen=True)
class Changes:
    """What a committed write changed (carried by ``TaskRunner.data_changed``)."""

    entities: frozenset[str]

    @classmethod
    def of(cls, *entities: str) -> Changes:
        """Changes of the named kinds: "schools", "teachers", "hours", …"""
        return cls(frozenset(entities))

    def touches(self, *entities: str) -> bool:
        """Whether any of the named kinds changed."""
        return bool(self.entities & set(entities))


@dataclass
class AppSession:
    """One signed-in user on one open workspace."""

    workspace: Workspace
    tasks: TaskRunner
    settings: UiSettings

    @property
    def actor(self) -> Actor:
        """The signed-in user."""
        return self.workspace.context.actor
