"""Pin the helpers that every setup cell installs in Colab and Kaggle to a release commit, and check the pin.

The setup cell runs ``%pip install "git+<the repository>@<HELPERS_COMMIT>"`` (helpers/course.py): a full
commit hash, so that whoever controls the repository later cannot change what learners run (a tag or a
branch could be moved). The pin is a *release*: it moves only when a release is cut, not with every change
to the helpers. Cut one when the notebooks need what the helpers gained (a new function, a changed message),
or when a fix should reach Colab's learners. CI holds the pin to its promise: its Colab stage installs the
pinned commit exactly as the setup cell does and runs every notebook with it, so notebooks that need newer
helpers fail there, naming this tool. A commit cannot contain its own hash, so a release pins the newest
commit that changed what gets installed (helpers/ and pyproject.toml; the pin line itself does not count):

    python tools/pin_helpers.py            # cut a release: commit your changes first; this sets the pin,
                                           # refreshes every notebook's setup cell, and says what to commit
    python tools/pin_helpers.py --check    # change nothing; fail if the pin is not a commit of this history, and
                                           # say what the working tree's helpers changed since the release
    python tools/pin_helpers.py --show     # print the pinned commit (CI installs it)

Only the standard library and git: it runs in any environment.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = "helpers/course.py"
INSTALLED = ("helpers", "pyproject.toml")  # what `pip install git+…` builds the package from
PIN = re.compile(r'^HELPERS_COMMIT = "([^"\n]*)"', re.MULTILINE)
FULL_HASH = re.compile(r"[0-9a-f]{40}")
HOW_TO_FIX = ("cut a release: commit your changes to helpers/ and pyproject.toml, then run "
              "`python tools/pin_helpers.py` and commit what it changed (helpers/course.py and the setup cells)")


class NoHistory(Exception):
    """There is no git history here (a copy without .git, or no git)."""


def git(*args: str, input: bytes | None = None) -> bytes:  # noqa: A002 (subprocess's name)
    """What ``git args`` prints, run in the repository; CalledProcessError if it fails."""
    return subprocess.run(["git", "-C", str(ROOT), *args], input=input, capture_output=True, check=True).stdout


def require_history() -> None:
    """Raise NoHistory unless this checkout is the top of a git repository with at least one commit."""
    try:
        top = git("rev-parse", "--show-toplevel").decode().strip()
        git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except (OSError, subprocess.CalledProcessError):
        raise NoHistory(f"{ROOT} has no git history (no .git folder, no commit, or no git)") from None
    if Path(top).resolve() != ROOT:
        raise NoHistory(f"{ROOT} is not a git repository of its own (it lies inside {top})")


def pinned_commit(text: str | None = None) -> str:
    """The commit helpers/course.py pins (HELPERS_COMMIT), read from its text."""
    found = PIN.search(text if text is not None else (ROOT / COURSE).read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f'{COURSE} has no line `HELPERS_COMMIT = "<a full commit hash>"`.')
    return found.group(1)


def without_pin(path: str, content: bytes) -> bytes:
    """A file's content as it counts for the pin: course.py's pin line is the same in every version."""
    if path != COURSE:
        return content
    return PIN.sub('HELPERS_COMMIT = "<pinned>"', content.decode("utf-8")).encode("utf-8")


def committed_files(commit: str) -> dict[str, bytes]:
    """{path: content} of what gets installed, as ``commit`` has it."""
    paths = git("ls-tree", "-r", "-z", "--name-only", commit, "--", *INSTALLED).decode().split("\0")
    paths = [path for path in paths if path]
    if not paths:
        return {}
    # One `git cat-file --batch` for all files: "<id> blob <size>\n<content>\n" for each requested "commit:path".
    out = git("cat-file", "--batch", input="".join(f"{commit}:{path}\n" for path in paths).encode())
    files, at = {}, 0
    for path in paths:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        files[path] = without_pin(path, out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1
    return files


def working_files() -> dict[str, bytes]:
    """{path: content} of what `pip install` would take from the working tree: tracked and untracked files
    under helpers/ and pyproject.toml, less what git ignores (__pycache__) and what was deleted."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *INSTALLED).decode()
    paths = sorted({path for path in listed.split("\0") if path})
    return {path: without_pin(path, (ROOT / path).read_bytes()) for path in paths if (ROOT / path).is_file()}


def differences(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """The paths whose content differs between two {path: content} (added or removed ones included)."""
    return sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))


def newest_install_commit() -> str:
    """The newest commit (reachable from HEAD) that changed what gets installed, not counting the pin line."""
    for commit in git("log", "--format=%H", "HEAD", "--", *INSTALLED).decode().split():
        parents = git("rev-list", "--parents", "-n", "1", commit).decode().split()[1:]
        before = committed_files(parents[0]) if parents else {}
        if differences(before, committed_files(commit)):
            return commit
    raise ValueError(f"no commit contains {', '.join(INSTALLED)}: commit them first")


def problem() -> str | None:
    """Why the pin cannot be installed from this history (not a full hash, not a commit here, not an ancestor of
    HEAD), or None when it can. Whether its helpers suit the notebooks is CI's Colab stage to show.

    Raises NoHistory when there is no git history to check against.
    """
    require_history()
    pin = pinned_commit()
    if not FULL_HASH.fullmatch(pin):
        return f"HELPERS_COMMIT in {COURSE} is {pin!r}, not a full 40-character commit hash: {HOW_TO_FIX}."
    try:
        git("cat-file", "-e", f"{pin}^{{commit}}")
    except subprocess.CalledProcessError:
        return (f"The pinned commit {pin} (HELPERS_COMMIT in {COURSE}) is not in this repository's history "
                f"(in a shallow clone, `git fetch --unshallow` first): {HOW_TO_FIX}.")
    try:
        git("merge-base", "--is-ancestor", pin, "HEAD")
    except subprocess.CalledProcessError:
        return (f"The pinned commit {pin} is not an ancestor of HEAD (another branch, or history rewritten since): "
                f"learners would install helpers this branch does not have; {HOW_TO_FIX}.")
    return None


def changed_since_release() -> list[str]:
    """The installed files (helpers/, pyproject.toml) whose working-tree version differs from the pinned release's."""
    return differences(committed_files(pinned_commit()), working_files())


def set_pin(commit: str) -> bool:
    """Write ``commit`` into helpers/course.py's HELPERS_COMMIT line; whether that changed it."""
    path = ROOT / COURSE
    text = path.read_text(encoding="utf-8")
    pinned_commit(text)  # the line must be there
    new = PIN.sub(f'HELPERS_COMMIT = "{commit}"', text, count=1)
    path.write_text(new, encoding="utf-8")
    return new != text


def pin() -> int:
    """Pin the newest commit that changed the helpers, and refresh every notebook's setup cell."""
    require_history()
    commit = newest_install_commit()
    uncommitted = differences(committed_files(commit), working_files())
    if uncommitted:
        print(f"Not pinned: {', '.join(uncommitted)} differ from the last commit that changed the helpers "
              f"({commit[:12]}). A pin must name a commit: commit them first, then run this again.", file=sys.stderr)
        return 1
    changed = set_pin(commit)
    # The notebooks' setup cells are made from course.SETUP_CODE, which names the pin: write them again.
    notebooks = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    before = {path: path.read_bytes() for path in notebooks}
    subprocess.run([sys.executable, str(ROOT / "tools" / "run_notebooks.py"), "--no-execute"], check=True,
                   stdout=subprocess.DEVNULL)
    rewritten = [path.name for path in notebooks if path.read_bytes() != before[path]]
    print(f"Pinned the helpers to {commit}." if changed else f"The pin was already {commit}.",
          f"Notebooks written again: {', '.join(rewritten)}." if rewritten else "The notebooks agree with it.")
    if changed or rewritten:
        print(f'Now commit: git commit -m "Setup cells install the helpers of {commit[:12]}" -- {COURSE} notebooks/')
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="change nothing; fail if the pin is not right")
    mode.add_argument("--show", action="store_true", help="print the pinned commit")
    args = parser.parse_args(argv)
    try:
        if args.show:
            print(pinned_commit())
            return 0
        if args.check:
            found = problem()
            if found:
                print(found, file=sys.stderr)
                return 1
            changed = changed_since_release()
            print(f"The pin ({pinned_commit()}) is a commit of this history. "
                  + (f"Changed since that release: {', '.join(changed)}. Learners in Colab and Kaggle get the "
                     "release's version until the next one (`python tools/pin_helpers.py`)."
                     if changed else "Its helpers are the working tree's."))
            return 0
        return pin()
    except NoHistory as error:
        print(f"Cannot pin or check the helpers: {error}.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
