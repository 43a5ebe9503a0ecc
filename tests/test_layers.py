"""The layers hold: handlers -> bot -> storage, Telegram only in handlers/, no cycles between bot's parts.

Every ``import`` in bot/, handlers/ and storage/ is read with ``ast`` (lazy imports inside functions
included), so a violation fails here, in CI, before anyone has to find it in review.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage")

# The one import from bot/ into handlers/: the command line starts the Telegram app through this lazy door.
ENTRY_POINT = ("bot.cli.telegram", "handlers.entry")

# Imports that close a cycle between two parts of bot/, tolerated for now. Each is "to remove"; the test
# also fails when one of them no longer exists, so the list only shrinks.
ALLOWED_CYCLE_IMPORTS: frozenset[tuple[str, str]] = frozenset(
    {
        # to remove: extraction reaches up into answering for the matcher, while
        # bot.answer.entities imports bot.extract.
        ("bot.extract.lookup", "bot.answer"),
    }
)


@dataclass(frozen=True)
class Import:
    """One import statement's target, as seen from the importing module."""

    importer: str
    target: str
    line: int
    lazy: bool  # inside a function, so only run when called


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if ".venv" not in path.parts
    }


def _function_lines(tree: ast.AST) -> set[int]:
    """Lines of every import statement that sits inside a function body."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lines.add(inner.lineno)
    return lines


def imports_of(module: str, source: str, *, is_package: bool, known: set[str]) -> list[Import]:
    """The modules ``module`` imports; ``from a import b`` names ``a.b`` when that is a module we have."""
    tree = ast.parse(source)
    lazy_lines = _function_lines(tree)
    found: list[Import] = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([node.module] if node.module else [])])
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                targets.append(candidate if candidate in known else base)
        else:
            continue
        for target in dict.fromkeys(targets):
            found.append(Import(module, target, node.lineno, node.lineno in lazy_lines))
    return found


def _all_imports() -> list[Import]:
    modules = _modules()
    known = set(modules)
    return [
        imported
        for name, path in modules.items()
        for imported in imports_of(name, path.read_text(), is_package=path.name == "__init__.py", known=known)
    ]


def _top(name: str) -> str:
    return name.split(".")[0]


def _part_of_bot(name: str) -> str:
    """``bot.answer.engine`` -> ``bot.answer``; ``bot`` itself stays ``bot``."""
    return ".".join(name.split(".")[:2])


def layer_violations(imports: list[Import]) -> list[str]:
    """Every import against handlers -> bot -> storage, and every telegram import outside handlers/."""
    problems = []
    for item in imports:
        where = f"{item.importer} (line {item.line}) imports {item.target}"
        layer, target = _top(item.importer), _top(item.target)
        if layer in ("bot", "storage") and target == "telegram":
            problems.append(f"{where}: only handlers/ may use python-telegram-bot")
        elif layer == "storage" and target in ("bot", "handlers"):
            problems.append(f"{where}: storage/ imports neither bot/ nor handlers/")
        elif layer == "bot" and target == "handlers":
            if (item.importer, item.target) != ENTRY_POINT:
                problems.append(f"{where}: bot/ reaches handlers/ only through {ENTRY_POINT[0]}")
            elif not item.lazy:
                problems.append(f"{where}: the entry point must import handlers/ inside a function")
    return problems


def cycles(imports: list[Import], allowed: frozenset[tuple[str, str]]) -> list[list[str]]:
    """Groups of bot's parts (bot.answer, bot.extract, ...) that import each other, directly or not."""
    graph: dict[str, set[str]] = {}
    for item in imports:
        if _top(item.importer) != "bot" or _top(item.target) != "bot":
            continue
        if (item.importer, item.target) in allowed:
            continue
        source, target = _part_of_bot(item.importer), _part_of_bot(item.target)
        if source != target and "bot" not in (source, target):
            graph.setdefault(source, set()).add(target)
            graph.setdefault(target, set())
    # Tarjan's strongly connected components; a component of two or more parts is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_imports_follow_the_layers() -> None:
    problems = layer_violations(_all_imports())
    assert not problems, "imports against handlers -> bot -> storage:\n" + "\n".join(problems)


def test_the_entry_point_is_the_one_way_into_handlers() -> None:
    upward = [i for i in _all_imports() if _top(i.importer) == "bot" and _top(i.target) == "handlers"]
    assert [(i.importer, i.target, i.lazy) for i in upward] == [(*ENTRY_POINT, True)]


def test_no_cycles_between_parts_of_bot() -> None:
    found = cycles(_all_imports(), ALLOWED_CYCLE_IMPORTS)
    assert not found, "parts of bot/ that import each other: " + "; ".join(" <-> ".join(c) for c in found)


def test_every_allowed_cycle_import_still_exists() -> None:
    present = {(i.importer, i.target) for i in _all_imports()}
    stale = ALLOWED_CYCLE_IMPORTS - present
    assert not stale, f"remove these from ALLOWED_CYCLE_IMPORTS, they are gone: {sorted(stale)}"


KNOWN = {"bot", "bot.answer", "bot.answer.types", "bot.extract", "bot.text", "storage", "storage.models"}


@pytest.mark.parametrize(
    ("module", "is_package", "source", "targets"),
    [
        ("bot.answer.engine", False, "from bot.answer import types", ["bot.answer.types"]),
        ("bot.answer.engine", False, "from bot.answer import ask", ["bot.answer"]),
        ("bot.answer.engine", False, "from . import types", ["bot.answer.types"]),
        ("bot.answer.engine", False, "from ..text import fold", ["bot.text"]),
        ("bot.answer", True, "from .types import Hit", ["bot.answer.types"]),
        ("bot.extract", True, "import storage.models as m", ["storage.models"]),
        ("storage", True, "from telegram.ext import Application", ["telegram.ext"]),
    ],
)
def test_imports_are_resolved(module: str, is_package: bool, source: str, targets: list[str]) -> None:
    found = imports_of(module, source, is_package=is_package, known=KNOWN)
    assert [i.target for i in found] == targets


def test_the_checks_catch_what_they_are_for() -> None:
    def imp(importer: str, target: str, lazy: bool = False) -> Import:
        return Import(importer, target, 1, lazy)

    bad = [
        imp("storage.chats", "bot.text"),
        imp("bot.digest.engine", "telegram"),
        imp("bot.cli.run_cmd", "handlers.app", lazy=True),
        imp("bot.cli.telegram", "handlers.entry"),  # the entry point, but at module level
    ]
    assert len(layer_violations(bad)) == 4
    assert layer_violations([imp("bot.cli.telegram", "handlers.entry", lazy=True)]) == []
    loop = [
        imp("bot.answer.x", "bot.extract.y"),
        imp("bot.extract.z", "bot.ingest"),
        imp("bot.ingest", "bot.answer"),
    ]
    assert cycles(loop, frozenset()) == [["bot.answer", "bot.extract", "bot.ingest"]]
    assert cycles(loop, frozenset({("bot.ingest", "bot.answer")})) == []


# --- one read model of claims ----------------------------------------------------------------------------

READ_MODEL = "storage/claims.py"
# What reading a claim as a reader sees it takes: cutting its quote out of the article's text.
_CLAIM_READ = ("Claim.start_offset", "Claim.end_offset", "substr(Article.text")


def claim_reads_outside_the_read_model(root: Path) -> list[str]:
    """Lines outside storage/claims.py that cut a claim's quote themselves (file:line)."""
    found = []
    for package in ("bot", "handlers", "storage"):
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if relative in (READ_MODEL, "storage/models.py"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if any(marker in line for marker in _CLAIM_READ):
                    found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_claims_are_read_only_through_the_read_model() -> None:
    assert claim_reads_outside_the_read_model(ROOT) == []


def test_the_read_model_check_finds_a_quote_cut_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "digests.py").write_text(
        "quote = func.substr(Article.text, Claim.start_offset + 1, 5)\n", encoding="utf-8"
    )
    assert claim_reads_outside_the_read_model(tmp_path) == [
        "storage/digests.py:1: quote = func.substr(Article.text, Claim.start_offset + 1, 5)"
    ]
