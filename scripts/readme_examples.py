"""Regenerate the worked examples in README.md from the installed ``landbridge`` command.

Each example is a block between ``<!-- example: ARGS -->`` and ``<!-- /example -->``: the
script runs ``landbridge ARGS`` (``COLUMNS=150``) and writes ``$ landbridge ARGS`` and its
output into the block, so the README shows what the command prints today. Run it after any
change of answers: ``python scripts/readme_examples.py``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- example: (?P<args>.+?) -->\n)(?P<body>.*?)(<!-- /example -->)", re.S)


def _run(args: str) -> str:
    env = {**os.environ, "COLUMNS": "150", "NO_COLOR": "1"}
    done = subprocess.run([str(Path(sys.executable).parent / "landbridge"), *shlex.split(args)],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"landbridge {args} failed ({done.returncode}):\n{done.stderr}")
    lines = [line.rstrip() for line in done.stdout.rstrip().splitlines()]
    return "\n".join(lines)


def main() -> None:
    text = README.read_text(encoding="utf-8")

    def fill(match: re.Match[str]) -> str:
        args = match["args"]
        output = _run(args)
        return f"{match[1]}```text\n$ landbridge {args}\n{output}\n```\n{match[4]}"

    README.write_text(BLOCK.sub(fill, text), encoding="utf-8")


if __name__ == "__main__":
    main()
