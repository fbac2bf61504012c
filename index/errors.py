"""Typed errors raised by the index library; the front ends translate them once, at the edge."""

from __future__ import annotations


class TallyError(Exception):
    """Base of every error whose message is meant for the user as it stands."""


class CorpusError(TallyError):
    """The corpus directory is missing, empty or holds nothing readable."""


class IndexMissing(TallyError):
    """No index has been built yet."""


class IndexDamaged(TallyError):
    """The index exists but cannot be trusted: damaged, mismatched or from another version."""


class IndexBusy(TallyError):
    """Another process is building the index right now."""


class ModelError(TallyError):
    """The embedding model cannot be loaded."""
