"""What every post-package step of the CloudFormation template shares: read the packaged
template, let the step change it in place, write it back, and say what was done or why not."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable


def rewrite(path: Path, step: str, change: Callable[[dict], list[str]],
            refused: tuple[type[Exception], ...] = (ValueError,)) -> int:
    """Apply ``change`` to the template at ``path`` (it returns lines saying what it did); 1 when
    it refuses (one of ``refused``), leaving the file as it was."""
    template = json.loads(path.read_text())
    try:
        done = change(template)
    except refused as error:
        print(f"{step}: FAIL: {error}", file=sys.stderr)
        return 1
    path.write_text(json.dumps(template, indent=2) + "\n")
    for line in done:
        print(f"{step}: {line}")
    return 0
