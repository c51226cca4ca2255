"""The README's two set-up commands are the product's front door: keep them true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "README must start with a ```sh block of the two set-up commands"
    assert text.index(block.group(0)) < text.index("\n## "), "the commands come first"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_has_exactly_two_commands_run_app_and_run_tests():
    commands = _readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("targetflow")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r'^TEST_COMMAND="(.*)"$', ci, re.M)
    assert match, ".ci/run must define TEST_COMMAND"
    assert match.group(1) == _readme_commands()[1]
