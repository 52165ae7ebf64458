"""Each command imports only what it uses: answering from the kept store loads neither the data
model, nor rdflib's SPARQL engine, nor the network, browser, HTTP or reasoning libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kg.cli import COMMANDS

# modules of 50 ms or more (python -X importtime) that these commands do not need
HEAVY = ["pyvis", "IPython", "requests", "networkx", "pydantic", "yaml", "pyshacl", "owlready2", "oxrdflib",
         "rdflib.plugins.sparql", "pyparsing", "jinja2", "scipy", "numpy", "kg.load", "kg.populate"]
RUN = """
import contextlib, io, json, sys
from kg.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "output": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def run_command(*argv: str, env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", RUN, *argv], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {**os.environ, "CLUSTERKG_STORE": str(tmp_path_factory.mktemp("kept") / "store")}


@pytest.mark.parametrize("argv", [["query", "exports-by-region", "-f", "csv"], ["queries"]])
def test_commands_on_the_kept_store_load_nothing_heavy(argv, env):
    run_command("query", "exports-by-region", "-f", "csv", env=env)  # the first run builds the kept store
    answer = run_command(*argv, env=env)
    assert answer["code"] == 0 and answer["output"]
    assert [module for module in HEAVY if module in answer["modules"]] == []
    if argv[0] == "query":
        assert answer["output"].splitlines()[1].startswith("1,Navoi,2150,")


def test_the_build_loads_the_data_model_and_the_overall_help_lists_every_command(env):
    built = run_command("query", "exports-by-region", "--store", "memory", "-f", "csv", env=env)
    assert "pydantic" in built["modules"]  # the check above can fail: building does load it
    from kg.cli import make_parser

    assert set(make_parser().parse_args(["synth", "--clusters", "1", "-o", "x.nt"]).__dict__) >= {"clusters", "run"}
    assert all(f"    {name}" in make_parser().format_help() for name in COMMANDS)


def test_the_overall_help_lists_every_command_and_imports_none(env):
    script = ("import sys\nfrom kg.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n"
              "    print(sorted(m for m in sys.modules if m.startswith('kg.commands.')))")
    listed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
    assert listed.splitlines()[-1] == "[]"
    for name, help_text in COMMANDS.items():
        assert f"    {name}" in listed and " ".join(help_text.split()[:3]) in " ".join(listed.split())
