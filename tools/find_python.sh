#!/usr/bin/env bash
# Print the path of a Python interpreter that really runs, for the first of the given minor
# versions that has one (e.g. `find_python.sh 3.13 3.12`); exit 1 if none does.
# A name on PATH is not enough: pyenv's shims exist for every installed version but fail
# unless that version is selected, so each candidate is run before it is chosen.
for version in "$@"; do
    for candidate in "$(command -v "python$version" 2>/dev/null)" \
                     "$HOME"/.pyenv/versions/"$version"*/bin/"python$version" \
                     /usr/bin/"python$version" /usr/local/bin/"python$version"; do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        if "$candidate" -c "import sys, venv, ensurepip; assert '%d.%d' % sys.version_info[:2] == '$version'" >/dev/null 2>&1; then
            echo "$candidate"
            exit 0
        fi
    done
done
exit 1
