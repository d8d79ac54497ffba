"""docs/themes.md documents the template context; these tests keep it true.

The example roadmap (with enough free pages for pages.html) is built once
while every top-level template's context is recorded as Jinja creates it.
Each template must receive exactly what the docs list for it plus what they
list for every template, and each documented key of a dict or object
(`site.title`, `nav[].path`) must exist on the real value."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import jinja2
import pytest
from jinja2.defaults import DEFAULT_NAMESPACE

from build_helpers import EXAMPLE_TODAY, REPO_ROOT, copy_example, run_build, write_files

DOCS = REPO_ROOT / "docs" / "themes.md"
COMMON = "*"  # the "Every template" section
# Templates given only what their own section lists: the lock screen of an
# encrypted edition, which anyone with the files sees.
OWN_CONTEXT_ONLY = {"unlock.html"}
EXTRA_PAGES = {f"content/notes/extra-{n}.md": f"---\nkind: page\ntitle: Extra {n}\n---\nText.\n" for n in range(9)}


def documented_context(text: str) -> dict[str, list[str]]:
    """{template name or COMMON: documented names, in order} from section 7
    of docs/themes.md: a `### Every template` or `### \\`name.html\\`` heading,
    then table rows that start with a name in backquotes."""
    section = text.split("\n## 7.", 1)
    if len(section) != 2:
        raise AssertionError("docs/themes.md has no section '## 7. The template context'")
    documented: dict[str, list[str]] = {}
    current: str | None = None
    for line in section[1].splitlines():
        if line.startswith("## "):
            break
        if line.startswith("### "):
            heading = line[4:].strip()
            name = re.fullmatch(r"`([\w.-]+\.html)`", heading)
            current = COMMON if heading == "Every template" else name.group(1) if name else None
            if current is not None:
                documented.setdefault(current, [])
            continue
        row = re.match(r"\|\s*`([^`]+)`\s*\|", line)
        if row and current is not None:
            documented[current].append(row.group(1))
    return documented


def context_problems(documented: dict[str, list[str]], real: dict[str, dict[str, object]]) -> list[str]:
    """Every way the documentation and the real contexts disagree."""
    problems = []
    common = documented.get(COMMON, [])
    for template in sorted(set(documented) - {COMMON} - set(real)):
        problems.append(f"{template} is documented but never rendered")
    for template, context in sorted(real.items()):
        if template not in documented:
            problems.append(f"{template} is rendered but has no section in docs/themes.md")
            continue
        names = documented[template] if template in OWN_CONTEXT_ONLY else common + documented[template]
        top = {n.split(".")[0].removesuffix("[]") for n in names}
        for name in sorted(top - set(context)):
            problems.append(f"{template}: '{name}' is documented but not in the context")
        for name in sorted(set(context) - top):
            problems.append(f"{template}: '{name}' is in the context but not documented")
        for name in names:
            if "." in name and name.split(".")[0].removesuffix("[]") in context:
                problem = _missing_key(name, context)
                if problem:
                    problems.append(f"{template}: {problem}")
    return problems


def _missing_key(name: str, context: dict[str, object]) -> str | None:
    head, _, key = name.partition(".")
    value = context[head.removesuffix("[]")]
    if head.endswith("[]"):
        if not value:
            return f"'{name}': '{head[:-2]}' is empty, nothing to check the key on"
        value = value[0]
    if isinstance(value, dict):
        return None if key in value else f"'{name}' is documented but '{head}' has no key '{key}'"
    return None if hasattr(value, key) else f"'{name}' is documented but '{head}' has no attribute '{key}'"


@pytest.fixture(scope="module")
def real_contexts(tmp_path_factory) -> dict[str, dict[str, object]]:
    """{top-level template: the variables Jinja gave it} from a real build."""
    site = write_files(copy_example(tmp_path_factory.mktemp("context") / "site"), EXTRA_PAGES)
    seen: dict[str, dict[str, object]] = {}
    original = jinja2.Template.new_context

    def recording(self, vars=None, shared=False, locals=None):
        context = original(self, vars, shared, locals)
        if self.name and not self.name.startswith("_") and not self.name.startswith("theme:"):
            found = seen.setdefault(self.name, {})
            for key, value in context.get_all().items():
                if key not in DEFAULT_NAMESPACE:
                    found.setdefault(key, value)
        return context

    # Encrypted, so that the lock screen is rendered too, after every page.
    with mock.patch.object(jinja2.Template, "new_context", recording):
        result = run_build(site, "--out", site.parent / "out", "--audience", "private", "--encrypt",
                           "--today", EXAMPLE_TODAY, env={"ROADMAPGEN_PASSPHRASE": "a passphrase for the context"})
    assert result.code == 0, result.err
    assert {"index.html", "pages.html", "review.html", "404.html", "unlock.html"} <= set(seen)
    return seen


def test_the_docs_document_the_context_every_template_really_gets(real_contexts):
    documented = documented_context(DOCS.read_text("utf-8"))
    assert len(documented[COMMON]) >= 7 and len(documented["index.html"]) >= 15
    assert context_problems(documented, real_contexts) == []


def test_a_documented_name_that_is_not_in_the_context_fails(real_contexts):
    text = DOCS.read_text("utf-8").replace(
        "| `latest_review_path` |", "| `made_up_variable` | str | Not real. |\n| `latest_review_path` |")
    problems = context_problems(documented_context(text), real_contexts)
    assert problems == ["index.html: 'made_up_variable' is documented but not in the context"]


def test_a_context_variable_that_is_not_documented_fails(real_contexts):
    text = re.sub(r"^\| `plan_history` \|.*\n", "", DOCS.read_text("utf-8"), flags=re.M)
    problems = context_problems(documented_context(text), real_contexts)
    assert problems == ["horizon.html: 'plan_history' is in the context but not documented"]


def test_a_documented_key_that_does_not_exist_fails(real_contexts):
    text = DOCS.read_text("utf-8").replace("| `site.owner` |", "| `site.nickname` | str | No. |\n| `site.owner` |")
    problems = context_problems(documented_context(text), real_contexts)
    assert problems and all("'site.nickname' is documented but 'site' has no key 'nickname'" in p for p in problems)
    # Once per template that is given what every template is.
    assert len(problems) == len(set(real_contexts) - OWN_CONTEXT_ONLY)


def test_a_rendered_template_without_a_section_fails(real_contexts):
    text = DOCS.read_text("utf-8").replace("### `pages.html`", "### Pages")
    assert "pages.html is rendered but has no section in docs/themes.md" in \
        context_problems(documented_context(text), real_contexts)
