"""What a rule reports (an Issue) and what the lint prints (a Finding)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Issue:
    """One problem a rule found. The registry turns it into a Finding with the rule's id and
    severity. A `hint` is advice (a stray space the source may have, an anchor that cannot be
    confirmed): never more than a warning, whatever the rule's severity."""
    path: Path
    line: int
    zh: str
    en: str
    hint: bool = False


@dataclass(frozen=True)
class Finding:
    path: str        # relative to the root, with forward slashes
    line: int
    severity: str    # "error" | "warning"
    check: str       # the id of the rule
    zh: str
    en: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} [{self.check}] {self.zh} / {self.en}"
