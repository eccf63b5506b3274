"""The mutation score per domain module, from the results `mutmut run` left in mutants/ (make mutation).

    python scripts/mutation_score.py [--survivors] [--module NAME]

A mutant counts as killed when a unit test failed or timed out on it; "no tests" means no unit test
even runs the mutated function (it survives by definition and counts against the score). Mutants not
checked yet (a run limited to other modules) are left out of the score and shown apart.
``--survivors`` lists the surviving mutants' names (``mutmut show NAME`` prints the diff).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

RESULTS = Path("mutants/chalicelib/domain")
KILLED = {"killed", "timeout", "caught by type check"}
LIVE = {"survived", "no tests", "suspicious", "segfault"}


def module_results(meta: Path) -> dict[str, str]:
    """The status of each mutant of one module, by mutant name."""
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {name: status_by_exit_code[code] for name, code in codes.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument("--module", help="only this module (e.g. subscription)")
    args = parser.parse_args(argv)

    metas = sorted(RESULTS.glob("*.py.meta"))
    if args.module:
        metas = [m for m in metas if m.name == f"{args.module}.py.meta"]
    if not metas:
        print(f"no mutmut results under {RESULTS}: run `make mutation` first", file=sys.stderr)
        return 1

    rows, totals, survivors = [], Counter(), []
    for meta in metas:
        statuses = module_results(meta)
        counts = Counter("killed" if s in KILLED else "survived" if s in LIVE else "unchecked"
                         for s in statuses.values())
        checked = counts["killed"] + counts["survived"]
        if not checked:
            continue
        totals.update(counts)
        rows.append((meta.name.removesuffix(".py.meta"), checked, counts["killed"], counts["unchecked"]))
        survivors += sorted(n for n, s in statuses.items() if s in LIVE)

    print("| module | mutants | killed | score |")
    print("| --- | ---: | ---: | ---: |")
    for name, checked, killed, unchecked in sorted(rows, key=lambda r: r[2] / r[1]):
        note = f" ({unchecked} not checked)" if unchecked else ""
        print(f"| {name} | {checked} | {killed} | {100 * killed / checked:.0f} %{note} |")
    checked = totals["killed"] + totals["survived"]
    print(f"| **all** | {checked} | {totals['killed']} | {100 * totals['killed'] / checked:.0f} % |")
    if args.survivors:
        print()
        print("\n".join(survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
