"""
Every install line in the README and the docs works as written today.

lowback is not on PyPI and has no public repository, so a line may install
it only from a checkout (``pip install .``, ``'.[test]'``) or from the wheel
or source archive the checkout builds, named for the version in
``_version.py``; and a pre-commit config may only use a local hook.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from importlib.util import find_spec
from pathlib import Path

import pytest
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

import lowback

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / ".pre-commit-hooks.yaml",
]
EXTRAS = set(
    tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
)

_INSTALL = re.compile(
    r"\b(?:pip|pipx|uv(?:\s+pip|\s+tool)?)\s+(?:install|add)\s+([^`\n|&;)]*)"
)
_REPO = re.compile(r"^[\s#-]*repo:\s*(\S+)", re.MULTILINE)
_REV = re.compile(r"^[\s#-]*rev:\s*(\S+)", re.MULTILINE)


def install_arguments(text: str) -> list[str]:
    """
    Return what each ``pip install`` (pipx, uv) in a text installs.
    """
    return [
        word
        for match in _INSTALL.finditer(text)
        for word in shlex.split(match.group(1), comments=True)
        if not word.startswith("-")
    ]


def _path_problem(argument: str) -> str | None:
    name = argument.rsplit("/", 1)[-1]
    version = lowback.__version__
    if name.startswith("lowback-"):
        built = {
            f"lowback-{version}-py3-none-any.whl",
            f"lowback-{version}.tar.gz",
        }
        if name not in built:
            return f"{argument}: the build writes {' or '.join(built)}"
        return None
    path, _, extras = argument.partition("[")
    if path != "." and not (ROOT / path).exists():
        return f"{argument}: there is no {path} in the checkout"
    unknown = set(extras.rstrip("]").split(",")) - EXTRAS - {""}
    if unknown:
        return f"{argument}: no extra {', '.join(sorted(unknown))}"
    return None


def install_problem(argument: str) -> str | None:
    """
    Why an argument of ``pip install`` does not work today, or None.
    """
    if "://" in argument or argument.startswith("git+"):
        return f"{argument}: lowback has no public repository"
    if argument.startswith(".") or "/" in argument or "lowback-" in argument:
        return _path_problem(argument)
    try:
        requirement = Requirement(argument)
    except InvalidRequirement:
        return f"{argument}: neither a path nor a requirement"
    if canonicalize_name(requirement.name) == "lowback":
        return f"{argument}: lowback is not on PyPI; install a checkout"
    return None


def repo_problem(repo: str) -> str | None:
    """
    Why a pre-commit ``repo:`` does not work today, or None.
    """
    if repo == "local" or repo.startswith("/"):
        return None
    return f"repo: {repo}: lowback has no public repository"


def rev_problem(rev: str) -> str | None:
    """
    Why a pre-commit ``rev:`` does not work today, or None.
    """
    if re.fullmatch(r"v\d\S*|\d+\.\d+\S*", rev):
        return f"rev: {rev}: lowback has no release tag yet"
    return None


def _problems(text: str) -> list[str]:
    return [
        problem
        for problem in (
            *map(install_problem, install_arguments(text)),
            *map(repo_problem, _REPO.findall(text)),
            *map(rev_problem, _REV.findall(text)),
        )
        if problem is not None
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_install_lines_work_today(path: Path):
    """Each install line installs a checkout or a wheel that exists, never lowback from PyPI."""
    assert [] == _problems(path.read_text("utf-8"))


def test_docs_show_a_checkout_and_a_wheel():
    """The docs do show installing the checkout and the wheel of this version."""
    arguments = {
        argument
        for path in SOURCES
        for argument in install_arguments(path.read_text("utf-8"))
    }
    wheel = f"lowback-{lowback.__version__}-py3-none-any.whl"
    assert "." in arguments
    assert wheel in {argument.rsplit("/", 1)[-1] for argument in arguments}


@pytest.mark.parametrize(
    "line",
    [
        "pip install lowback",
        "python -m pip install 'lowback==0.1.0'",
        'pip install "lowback[fast]"',
        "pip install -U lowback",
        "uv pip install lowback",
        "pipx install lowback",
        "uv add lowback",
        "pip install git+https://github.com/lowback/lowback",
        "pip install dist/lowback-0.0.1-py3-none-any.whl",
        "pip install lowback-9.9.tar.gz",
        "pip install '.[nosuchextra]'",
        "pip install ./no-such-folder",
        "  - repo: https://github.com/lowback/lowback",
        "    rev: v0.1.0",
        "#   rev: 0.1.0  # the release",
    ],
)
def test_rejects_a_line_that_does_not_work(line: str):
    """A line that installs lowback from PyPI or a URL, or names what does not exist, is a problem."""
    assert len(_problems(line)) == 1


@pytest.mark.parametrize(
    "line",
    [
        ".venv/bin/pip install . && .venv/bin/lowback plan",
        "pip install -e '.[test,lint]'",
        f"pip install dist/lowback-{lowback.__version__}-py3-none-any.whl",
        f"pip install lowback-{lowback.__version__}.tar.gz",
        "pip install 'dask[bag]' pre-commit  # others are on PyPI",
        "  - repo: local",
        "    rev: 3f2a9c1",
        "  - repo: /home/you/src/lowback",
    ],
)
def test_accepts_a_line_that_works(line: str):
    """A checkout, this version's wheel and other projects' packages are fine."""
    assert [] == _problems(line)


def _local_hook_configs() -> list[tuple[str, str]]:
    return [
        (path.name, block)
        for path in SOURCES
        if path.suffix == ".md"
        for block in re.findall(
            r"```yaml\n(.*?)```", path.read_text("utf-8"), re.DOTALL
        )
        if "repo: local" in block
    ]


@pytest.mark.skipif(
    find_spec("pre_commit") is None or shutil.which("git") is None,
    reason="needs pre-commit (the test extra) and git",
)
@pytest.mark.parametrize(
    ("page", "config"),
    _local_hook_configs(),
    ids=[page for page, _ in _local_hook_configs()],
)
def test_pre_commit_local_hook_runs(page: str, config: str, tmp_path: Path):
    """The docs' local hook passes a valid content file and stops at a broken one."""
    scripts = Path(sys.executable).parent
    if not (scripts / "lowback").exists():
        pytest.skip(f"no lowback command beside {sys.executable}")
    env = {
        **os.environ,
        "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    (repo / ".pre-commit-config.yaml").write_text(config, "utf-8")
    text = lowback.dumps(lowback.catalog().get("knee-to-chest"))
    (repo / "content" / "good.json").write_text(text, "utf-8")
    (repo / "notes.md").write_text("not content\n", "utf-8")

    def run() -> subprocess.CompletedProcess[str]:
        subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    subprocess.run(["git", "init", "-q"], cwd=repo, env=env, check=True)
    passed = run()
    broken = text.replace('"lying-on-back"', '"lying-on-bak"')
    assert broken != text
    (repo / "content" / "bad.json").write_text(broken, "utf-8")
    failed = run()

    assert (0, 1) == (passed.returncode, failed.returncode), (
        passed.stdout + failed.stdout
    )
    assert "content/bad.json:" in failed.stdout
    assert "[not-allowed]" in failed.stdout
    assert "good.json" not in failed.stdout
