"""The plan's recorded versions (policy/versions.yaml): what the site's 修订对照表 lists and
compares. A repository without that file (a drafter's fixture, an old checkout) falls back to
its git tags plan-v1, plan-v2, … so `make compare` keeps working there."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from plansite.compare.diff import plan_tags

VERSIONS_FILE = Path("policy") / "versions.yaml"
COMMIT_RE = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class Recorded:
    version: int
    rev: str                   # what git reads it by: a commit id, or a tag without versions.yaml
    date: str
    status: str
    changes: dict              # lang -> text ({} for a tag)


class VersionsError(ValueError):
    """policy/versions.yaml is not as its header describes."""


def recorded_versions(repo: Path) -> list[Recorded]:
    """The recorded versions, oldest first."""
    path = repo / VERSIONS_FILE
    if not path.exists():
        return [Recorded(int(t.rsplit("v", 1)[1]), t, "", "", {}) for t in plan_tags(repo)]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise VersionsError(f"{VERSIONS_FILE}: not valid YAML: {e}") from None
    out: list[Recorded] = []
    for i, entry in enumerate(data.get("versions") or [], 1):
        where = f"{VERSIONS_FILE}, entry {i}"
        if not isinstance(entry, dict):
            raise VersionsError(f"{where}: not a mapping")
        version, commit, date = entry.get("version"), str(entry.get("commit") or ""), entry.get("date")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise VersionsError(f"{where}: version must be a whole number from 1")
        if out and version <= out[-1].version:
            raise VersionsError(f"{where}: versions must be listed oldest first, each once")
        if not COMMIT_RE.fullmatch(commit):
            raise VersionsError(f"{where}: commit must be a full 40-character git commit id")
        if not isinstance(date, (dt.date, str)) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
            raise VersionsError(f"{where}: date must be YYYY-MM-DD")
        changes = entry.get("changes") or {}
        if not all(isinstance(changes.get(lang), str) and changes[lang].strip() for lang in ("zh", "en")):
            raise VersionsError(f"{where}: changes needs a zh and an en text")
        out.append(Recorded(version, commit, str(date), str(entry.get("status") or ""), changes))
    return out
