"""The README cannot drift: every `clusterkg …` and `python -m kg …` command in its shell blocks
runs here (in a scratch folder), and the output it shows after a `$ ` prompt is checked line by line.

A block whose first line is a comment starting `# not run by the README test` is skipped (a server
that runs until Ctrl-C, a push to a store the tests do not start, a run of many minutes); the
comment says why. Commands of other programs (curl, bash, python scripts) are not run here.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
SKIP_MARKER = "# not run by the README test"
SHELL_BLOCKS = {"bash", "console", "text", "sh", "shell"}


@dataclass
class Example:
    line: int
    command: str
    shown: list[str] = field(default_factory=list)


def examples(text: str) -> list[Example]:
    """The project's commands in the README's shell blocks, each with the output shown under it."""
    found: list[Example] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        fence = re.fullmatch(r"```(\w*)", lines[index].strip())
        if not fence:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
        body = lines[index + 1:end]
        if fence[1] in SHELL_BLOCKS and not (body and body[0].startswith(SKIP_MARKER)):
            found += _commands(body, index + 2, prompted=any(line.startswith("$ ") for line in body))
        index = end + 1
    return found


def _commands(body: list[str], first_line: int, prompted: bool) -> list[Example]:
    found: list[Example] = []
    current = None
    body = "\n".join(body).replace("\\\n", " ").splitlines()  # a command continued with a backslash
    for offset, line in enumerate(body):
        command = line[2:] if prompted and line.startswith("$ ") else (line if not prompted else None)
        if command is not None:
            command = re.sub(r"\s+#.*$", "", command).strip()
            current = None
            if re.match(r"(clusterkg|python -m kg) ", command):
                current = Example(first_line + offset, command)
                found.append(current)
        elif current is not None and line.strip():
            current.shown.append(line)
    return found


def run_example(command: str) -> tuple[int, str]:
    """Run one command in-process; `| head -N` keeps the first N lines."""
    command, _, pipe = command.partition(" | ")
    argv = shlex.split(command)
    argv = argv[3:] if argv[:3] == ["python", "-m", "kg"] else argv[1:]
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()  # export writes bytes
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    out.flush()
    text = out.buffer.getvalue().decode("utf-8") + err.getvalue()
    head = re.fullmatch(r"head(?: -n)?(?: -?(\d+))?", pipe.strip())
    if pipe:
        assert head, f"cannot run the pipe '| {pipe}'"
        text = "\n".join(text.splitlines()[: int(head[1] or 10)])
    return code, text


def squeeze(line: str) -> str:
    return " ".join(line.replace("│", " ").replace("┃", " ").split())


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_shows_the_main_commands():
    commands = " ".join(example.command for example in EXAMPLES)
    for needed in ("clusterkg build", "clusterkg query region-profile", "clusterkg path", "clusterkg queries"):
        assert needed in commands


def prepare_files_the_examples_read(folder: Path) -> None:
    """The query the README asks the reader to save as my-figures.rq, and an RDF file to validate."""
    saved = re.search(r"as `(my-figures\.rq)`:\n\n```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    (folder / saved[1]).write_text(saved[2], encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["export", "-o", str(folder / "my-edited-graph.ttl")]) == 0


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line{e.line}" for e in EXAMPLES])
def test_readme_example_runs_and_prints_what_the_readme_shows(example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    prepare_files_the_examples_read(tmp_path)
    before = {path for path in tmp_path.rglob("*") if path.is_file()}
    monkeypatch.setattr("kg.commands.viz.webbrowser.open", lambda url: True)
    code, output = run_example(example.command)
    expected_code = 2 if any(line.startswith("error:") for line in example.shown) else 0
    assert code == expected_code, output[-2000:]
    actual = squeeze(output)
    for line in example.shown:
        if squeeze(line) not in ("", "…"):  # … marks lines the README leaves out
            assert squeeze(line) in actual, f"README line {example.line}: {line!r} not in the output"
    written = {path.relative_to(tmp_path).parts[0] for path in tmp_path.rglob("*") if path.is_file()} - {
        path.relative_to(tmp_path).parts[0] for path in before}
    named = set(re.findall(r"-o (\S+?)/", example.command) + re.findall(r"oxigraph:([^\s/]+)", example.command))
    assert written <= {"out"} | named, (
        f"README line {example.line} writes outside out/: {sorted(written)}")
