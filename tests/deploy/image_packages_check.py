#!/usr/bin/python3
"""Checks that the image's runtime stage installs every library the servers link.

deploy/Dockerfile's runtime stage names its Debian packages by hand, and its last step fails the
image build when a server needs a library that stage lacks. That step runs only in
`./meridian image` (CI's last step, after the tests), so a new library in a server reached CI
green in the tests and red in the image. This check finds the same gap in the test run: it reads
each server's direct dependencies (readelf's NEEDED), finds the package that ships each with
dpkg, and requires that package in the runtime stage's `apt-get install` (or in every Debian
base image, BASE_PACKAGES).

    image_packages_check.py --dockerfile deploy/Dockerfile \\
        build/services/intake/intake_server build/services/talent/talent_server ...

Prints each missing package with the library and server that need it; exits 1 when one is.
With --expect_missing PKG it checks itself instead: it drops PKG from the runtime stage's list
and succeeds only if the check then names PKG as missing. --runtime_package PKG (repeatable) counts
PKG as installed: a sanitizer build's servers also link the sanitizers' runtimes, which the
image's servers (a build without them) do not.
"""

import argparse
import functools
import os
import re
import subprocess
import sys

# In every Debian base, debootstrap's minbase included: apt and dpkg need them.
BASE_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}


def runtime_packages(dockerfile_text):
    """The packages the last stage's `apt-get install` lines name."""
    stages = re.split(r"^FROM\s", dockerfile_text, flags=re.MULTILINE)
    runtime = stages[-1].replace("\\\n", " ")
    packages = set()
    for match in re.finditer(r"apt-get install ([^&\n]*)", runtime):
        packages.update(word for word in match.group(1).split() if not word.startswith("-"))
    return packages


def needed_libraries(binary):
    """Maps each library the binary names in NEEDED to the file the loader resolves it to."""
    dynamic = subprocess.run(["readelf", "-d", binary], check=True, capture_output=True,
                             text=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    resolved = {}
    ldd = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
    for line in ldd.splitlines():
        match = re.match(r"\s*(\S+) => (\S+)", line)
        if match:
            resolved[match.group(1)] = match.group(2)
    return {name: resolved.get(name) for name in needed}


@functools.lru_cache(maxsize=None)
def owning_package(path):
    """The Debian package that ships path (usrmerge: /lib is /usr/lib to dpkg), or None."""
    candidates = [path, os.path.realpath(path)]
    candidates += [p.replace("/lib/", "/usr/lib/", 1) for p in candidates if p.startswith("/lib/")]
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0]
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dockerfile", required=True)
    parser.add_argument("--expect_missing", metavar="PKG")
    parser.add_argument("--runtime_package", metavar="PKG", action="append", default=[])
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()

    with open(args.dockerfile, encoding="utf-8") as f:
        installed = runtime_packages(f.read()) | BASE_PACKAGES | set(args.runtime_package)
    if not installed - BASE_PACKAGES - set(args.runtime_package):
        print(f"{args.dockerfile}: no apt-get install in the runtime stage", file=sys.stderr)
        return 1
    if args.expect_missing:
        if args.expect_missing not in installed:
            print(f"{args.expect_missing} is not in the runtime stage to drop", file=sys.stderr)
            return 1
        problems = find_problems(args, installed - {args.expect_missing})
        named = [p for p in problems if p.endswith(f"must install {args.expect_missing}")]
        print("\n".join(problems) or "no problem found", file=sys.stderr)
        return 0 if named else 1

    problems = find_problems(args, installed)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def find_problems(args, installed):
    """One line for each library of args.binaries whose package is not in installed."""
    problems = []
    for binary in args.binaries:
        for library, path in sorted(needed_libraries(binary).items()):
            server = os.path.basename(binary)
            if path is None:
                problems.append(f"{server}: {library} does not resolve on this machine")
                continue
            package = owning_package(path)
            if package is None:
                problems.append(f"{server}: no Debian package ships {library} ({path})")
            elif package not in installed:
                problems.append(f"{server}: links {library}, so the runtime stage of "
                                f"{args.dockerfile} must install {package}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
