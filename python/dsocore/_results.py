"""Small result types of the operations (render, act, import, limits, assign)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class SmsInfo:
    """Encoding and length of an SMS body (collection.md): GSM-7 septets or UTF-16 units."""
    encoding: str
    characters: int
    units: int
    segments: int


@dataclass(frozen=True)
class RenderedMessage:
    """A message rendered for one agenda row; ``str(message)`` is what ``dsocore render`` prints."""
    template_name: str
    template_path: str
    language: str
    locale: str
    channel: str
    to: str
    subject: str
    body: str
    sms: SmsInfo | None = None
    text: str = dataclasses.field(default="", repr=False)  # as `dsocore render` prints it

    @classmethod
    def _from_core(cls, d: dict[str, Any]) -> "RenderedMessage":
        sms = d.pop("sms")
        return cls(**d, sms=SmsInfo(*sms) if sms is not None else None)

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        import html
        head = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{html.escape(v)}</td></tr>"
                       for k, v in (("template", self.template_path), ("language", self.language),
                                    ("channel", self.channel), ("to", self.to), ("subject", self.subject)) if v)
        body = self.body if self.channel == "email" and "<" in self.body else f"<pre>{html.escape(self.body)}</pre>"
        return f'<div class="dsocore-message"><table>{head}</table>{body}</div>'


@dataclass(frozen=True)
class RecordedAction:
    """An action appended to actions.csv."""
    action_id: str
    entity: str
    customer_id: str
    scenario: str
    step: str
    channel: str
    item_ids: list[str]
    line: str  # the CSV line appended


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do); ``rejects`` is a DataFrame
    (line, raw, reasons) of the refused lines, also written to ``rejects_file``."""
    created: int
    updated: int
    unchanged: int
    closed: int
    rejected: int
    applied: bool
    summary: str
    encoding: str = ""
    separator: str = ""
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["line", "raw", "reasons"]))
    changes: list[str] = field(default_factory=list)
    changes_omitted: int = 0
    files_written: list[str] = field(default_factory=list)
    rejects_file: str = ""
    failure: str = ""

    @classmethod
    def _from_core(cls, d: dict[str, Any]) -> "ImportResult":
        rejects = pd.DataFrame([(line, raw, "; ".join(reasons)) for line, raw, reasons in d.pop("rejects")],
                               columns=["line", "raw", "reasons"])
        if len(rejects) == 0:
            rejects["line"] = rejects["line"].astype("int64")
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(rejects=rejects, **{k: v for k, v in d.items() if k in names})

    def __str__(self) -> str:
        return self.summary


@dataclass(frozen=True)
class LimitRequest:
    """A credit-limit request as it stands (risk.md, limit validation workflow)."""
    id: int
    entity: str
    customer_id: str
    old_limit: str  # "" = none
    new_limit: str
    currency: str
    levels: list[str]  # role of each level
    approved: int  # levels approved so far
    state: str  # pending | approved | rejected
    applied: bool  # customers.csv carries the new limit
    requested_by: str
    approvers: list[str]
    next_level: int  # 1-based level waiting, 0 when not pending


@dataclass(frozen=True)
class AssignResult:
    """An assignment: customers matched, changed, the journal batch (0: dry run or no
    change) and the changes as a DataFrame (entity, customer_id, old_value, new_value)."""
    matched: int
    changed: int
    batch: int
    changes: pd.DataFrame

    @classmethod
    def _from_core(cls, d: dict[str, Any]) -> "AssignResult":
        changes = pd.DataFrame(d["changes"], columns=["entity", "customer_id", "old_value", "new_value"])
        return cls(matched=d["matched"], changed=d["changed"], batch=d["batch"], changes=changes)


@dataclass(frozen=True)
class UndoResult:
    """The assignment undone: its batch, field and the customers restored."""
    batch: int
    field: str
    restored: int
