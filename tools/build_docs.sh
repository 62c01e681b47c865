#!/usr/bin/env bash
# Build the documentation site offline into docs/_build/html: the user guide (docs/*.md,
# not docs/design.md, which is for developers) and the module, plugin and role reference
# that antsibull-docs generates from the collection itself.
#
#   tools/build_docs.sh              # what `make docs` runs
#   VENV_BIN=/path/to/bin tools/build_docs.sh
#
# Needs, in the venv: ansible-core, antsibull-docs, sphinx, sphinx-ansible-theme,
# myst-parser (Markdown pages) and ansible-pygments. No network: intersphinx is off; the
# few labels of the Ansible documentation the generated pages point at are defined on a
# page of external links (EXTERNAL_LABELS below).
set -euo pipefail

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
venv_bin=${VENV_BIN:-$repo/.venv/bin}
build=$repo/docs/_build
src=$build/src
# The collection is found through a symlink tree outside the repository, so that nothing
# walking the work tree meets a link back to its own root.
collections=$(mktemp -d)
trap 'rm -rf "$collections"' EXIT

for tool in ansible-doc antsibull-docs sphinx-build; do
    if [[ ! -x $venv_bin/$tool ]]; then
        echo "build_docs: $venv_bin/$tool is missing (make venv installs it)" >&2
        exit 1
    fi
done

rm -rf "$src" "$build/html"
mkdir -p "$build"
# antsibull-docs refuses a destination others can write to.
mkdir -m 700 "$src" "$src/collection"
mkdir -p "$collections/ansible_collections/routeros_fleet"
ln -sfn "$repo" "$collections/ansible_collections/routeros_fleet/containers"

# The reference: one page per module, plugin and role, from their DOCUMENTATION and
# argument_specs. A plugin whose documentation does not parse fails the build.
PATH=$venv_bin:$PATH ANSIBLE_COLLECTIONS_PATH=$collections \
    "$venv_bin/antsibull-docs" collection --use-current --squash-hierarchy --fail-on-error \
    --dest-dir "$src/collection" routeros_fleet.containers

mkdir -p "$src/guide"
for page in "$repo"/docs/*.md; do
    [[ $(basename "$page") == design.md ]] && continue
    cp "$page" "$src/guide/"
done

guide_pages=(index spec versions awx migrating troubleshooting)
for page in "${guide_pages[@]}"; do
    if [[ ! -f $src/guide/$page.md ]]; then
        echo "build_docs: docs/$page.md is missing" >&2
        exit 1
    fi
done

# Labels of docs.ansible.com that antsibull-docs' pages refer to, and where they live.
# A new one shows up as "undefined label" and fails the build: add it here.
EXTERNAL_LABELS=(
    "action_plugins https://docs.ansible.com/ansible/latest/plugins/action.html"
    "common_return_values https://docs.ansible.com/ansible/latest/reference_appendices/common_return_values.html"
    "ansible_configuration_settings https://docs.ansible.com/ansible/latest/reference_appendices/config.html"
)
{
    echo ':orphan:'
    echo
    echo 'Ansible documentation'
    echo '====================='
    for entry in "${EXTERNAL_LABELS[@]}"; do
        label=${entry%% *}
        url=${entry#* }
        echo
        echo ".. _$label:"
        echo
        echo "$label"
        printf '%*s\n' "${#label}" '' | tr ' ' '-'
        echo
        echo "See $url"
    done
} > "$src/external.rst"

{
    echo 'routeros_fleet.containers'
    echo '========================='
    echo
    echo '.. toctree::'
    echo '   :maxdepth: 2'
    echo '   :caption: User guide'
    echo
    for page in "${guide_pages[@]}"; do echo "   guide/$page"; done
    echo
    echo '.. toctree::'
    echo '   :maxdepth: 1'
    echo '   :caption: Reference'
    echo
    echo '   collection/index'
} > "$src/index.rst"

cat > "$src/conf.py" <<'EOF'
# Written by tools/build_docs.sh; edit it there.
project = 'routeros_fleet.containers'
copyright = 'routeros_fleet.containers contributors'
title = 'routeros_fleet.containers'
html_short_title = 'routeros_fleet.containers'
extensions = ['sphinx_antsibull_ext', 'myst_parser']
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
# Anchors for "## Heading" so that links such as awx.md#configuration-as-code resolve.
myst_heading_anchors = 3
pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'
html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
html_theme_options = {'display_version': False}
default_role = 'any'
EOF

# -W: a broken link between our own pages, a bad heading or a bad directive fails the build.
"$venv_bin/sphinx-build" -b html -W --keep-going -q "$src" "$build/html"
echo "build_docs: open $build/html/index.html"
