"""No function in bot/, handlers/ or storage/ is longer than 60 lines: a longer one is split into named steps.

Length is read with ``ast``: from the ``def`` line to the last line of the body (decorators excluded),
nested functions counted both on their own and inside the function that holds them.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage")
MAX_LINES = 60


def long_functions(root: Path, max_lines: int = MAX_LINES) -> list[str]:
    """Every function under ``root``'s packages longer than ``max_lines``, as 'file:line name length'."""
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > max_lines:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} {length}")
    return found


def test_no_function_is_longer_than_sixty_lines() -> None:
    too_long = long_functions(ROOT)
    assert not too_long, f"functions over {MAX_LINES} lines (split them into steps):\n" + "\n".join(too_long)


def test_the_check_sees_a_long_function_and_its_decorator_does_not_count(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(59))
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "m.py").write_text(
        f"@decorator\ndef fits():\n{body}\n\n\nasync def too_long():\n{body}\n    x = 1\n", encoding="utf-8"
    )
    assert long_functions(tmp_path) == ["bot/m.py:64 too_long 61"]
