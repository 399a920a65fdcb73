"""The command line of the lint: python -m plansite.lint [--select …] [--ignore …] …"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path

from plansite import plandoc
from plansite.lint.corpus import Corpus
from plansite.lint.findings import Finding
from plansite.lint.registry import RULES, UnknownRule, choose, run as run_rules


def run(root: Path = plandoc.ROOT, select=None, ignore=None) -> tuple[list[Finding], int]:
    """(findings, number of files checked) of the rules chosen, on DIR/docs and DIR/policy."""
    rules = choose(select, ignore)
    corpus = Corpus(root)
    return run_rules(corpus, rules), len(corpus.files)


def summary(findings: list[Finding], files: int, seconds: float) -> str:
    e = sum(f.severity == "error" for f in findings)
    w = sum(f.severity == "warning" for f in findings)
    verdict_zh = "未通过" if e else "通过"
    verdict_en = "failed" if e else "passed"
    return (f"lint: {e} 个错误、{w} 个警告，检查 {files} 个文件，{verdict_zh} / "
            f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)} in {files} files, {verdict_en} ({seconds:.2f} s)")


def rule_list() -> str:
    return "\n".join(f"{r.id:<16} {r.severity:<8} {r.description['zh']}\n{'':<25} {r.description['en']}"
                     for r in RULES)


def ids(values: list[str] | None) -> list[str]:
    """--select a,b --select c -> [a, b, c]."""
    return [i.strip() for v in values or [] for i in v.split(",") if i.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Drafting lint for the plan's pages and policy/ (起草检查).",
                                 epilog="Rules (--list-rules): " + ", ".join(r.id for r in RULES))
    ap.add_argument("--root", type=Path, default=plandoc.ROOT, help="repository root holding docs/ and policy/")
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--errors-only", action="store_true", help="do not list warnings (still counted)")
    ap.add_argument("--select", action="append", metavar="RULE[,RULE]", help="run only these rules")
    ap.add_argument("--ignore", action="append", metavar="RULE[,RULE]", help="do not run these rules")
    ap.add_argument("--list-rules", action="store_true", help="list the rules and their default severity")
    args = ap.parse_args(argv)
    if args.list_rules:
        print(rule_list())
        return 0
    t0 = time.perf_counter()
    try:
        findings, files = run(args.root, ids(args.select), ids(args.ignore))
    except UnknownRule as e:
        ap.error(f"没有这项检查 / no such rule: {e} (python -m plansite.lint --list-rules)")
    seconds = time.perf_counter() - t0
    if args.format == "json":
        out = {
            "findings": [asdict(f) for f in findings],
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "files": files,
            "seconds": round(seconds, 3),
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            if args.errors_only and f.severity != "error":
                continue
            print(f.format())
        print(summary(findings, files, seconds))
    return 1 if any(f.severity == "error" for f in findings) else 0
