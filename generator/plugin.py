"""The MkDocs adapter: the only module that imports mkdocs.

It runs the pipeline when MkDocs loads its configuration, hands the generated pages to MkDocs as
``File.generated`` in ``on_files``, and builds the navigation around the hand-written pages.
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from .collector import Freezer
from .csp import seal, without_policy
from .edition import DEFAULT_EDITION, EDITIONS, internal_hand_written, prune_nav, unlink
from .errors import ContentError, Problem
from .health import CONFIG_FILE as CHECK_CONFIG
from .pipeline import Project, build_pages
from .preview import PreviewState
from .publish import UnsafeSiteDir, build_epoch, check_site_dir, fixed_build_date, mark_as_site
from .render import NavEntry, Site, escape_html
from .render import Page as GenPage
from .sanitize_worker import PageSanitizer

log = logging.getLogger("mkdocs.plugins.playbook")
PREVIEW_POLL_SECONDS = 0.2


class PlaybookConfig(base.Config):
    content_dir = opt.Type(str, default="content")
    templates_dir = opt.Type(str, default="templates")
    edition = opt.Choice(EDITIONS, default=DEFAULT_EDITION)


def to_mkdocs_nav(entries: list[NavEntry]) -> list[Any]:
    """Our engine-neutral navigation in the shape of mkdocs.yml's ``nav``."""
    nav: list[Any] = []
    for entry in entries:
        title = entry.title.replace("<", "&lt;")  # themes print nav titles as HTML
        if entry.children:
            children: list[Any] = [entry.path] if entry.path else []
            nav.append({title: children + to_mkdocs_nav(entry.children)})
        else:
            nav.append({title: entry.path})
    return nav


class UnchangedPage(File):
    """A generated page whose Markdown is the same as in the last preview build.

    In a dirty build MkDocs skips files that are not modified, so the HTML already in the site
    folder is kept (and rebuilt only if it went missing).
    """

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


class CompiledTemplates(BytecodeCache):
    """Compiled theme templates kept in memory between preview rebuilds (stale ones are recompiled)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Generates the playbook pages from content/ with templates/."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.user_nav: list[Any] | None = None
        self.build_date = ExitStack()
        # Live preview (`mkdocs serve`) shows content problems in the page instead of stopping.
        self.serving = False
        self.problems: list[Problem] = []
        self.watched: list[Path] = []
        self.theme_cache = CompiledTemplates()
        self.generated_paths: set[str] = set()
        # `playbook serve` (a dirty serve) rebuilds only the pages a save changed; see preview.py.
        self.incremental = False
        self.preview = PreviewState()
        self.freezer = Freezer()
        self.sanitizer = PageSanitizer()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds, so the last
        # good pages survive a broken save. Builds (`playbook build`, `mkdocs build`) stay strict.
        self.serving = command == "serve"
        self.incremental = self.serving and dirty
        if self.incremental:
            logging.getLogger("mkdocs.commands.build").addFilter(EXACT_DIRTY_BUILDS)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # Watch content and templates wherever they are, polling them more often than MkDocs'
        # default 0.5 s (they are small folders) so a save shows in the browser quickly.
        observer = getattr(server, "observer", None)
        if observer is not None and isinstance(getattr(observer, "_timeout", None), (int, float)):
            observer._timeout = min(observer._timeout, PREVIEW_POLL_SECONDS)
        for path in self.watched:
            server.watch(str(path))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        project = Project.at(root, self.config.content_dir, self.config.templates_dir)
        if not self.serving:
            # A plain `mkdocs build` empties its site folder next: never the project or someone's files.
            try:
                check_site_dir(
                    Path(config.site_dir), root, [project.content_dir, project.templates_dir, Path(config.docs_dir)]
                )
            except UnsafeSiteDir as exc:
                raise PluginError(f"Refusing to build: {exc}") from None
        try:
            severities = project.root / CHECK_CONFIG  # the System health page follows it too
            self.watched = [project.content_dir, project.templates_dir, *([severities] if severities.is_file() else [])]
            if self.serving:
                self.site = build_pages(project, self.config.edition)
            else:  # a build: what it keeps until its end is set aside from the cycle collector
                self.site = self.freezer.run(lambda: build_pages(project, self.config.edition))
            self.problems = []
        except ContentError as exc:
            if not self.serving:
                raise PluginError("The playbook content has problems:\n" + exc.report()) from None
            self.problems = exc.problems
            log.error(
                "The playbook content has problems; the preview shows them until they are fixed:\n%s", exc.report()
            )
            if self.site is None:
                self.site = Site([GenPage("index.md", "Content problems", "# Content problems\n")], [])
        # Reproducible builds: MkDocs dates the sitemap and its gzip header from SOURCE_DATE_EPOCH;
        # unless the caller chose one, use the last commit's date for the whole build.
        self.build_date.close()
        sources = [project.content_dir, project.templates_dir, Path(config.docs_dir)]
        self.build_date.enter_context(fixed_build_date(build_epoch(root, sources)))
        # The hand-written nav (if any) is kept, after the generated sections. On `mkdocs serve`
        # rebuilds on_config runs again with the already-replaced nav, so remember the original once.
        if self.user_nav is None:
            self.user_nav = list(config.nav or [])
        config.nav = to_mkdocs_nav(self.site.nav) + self.user_nav
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        if self.config.edition == "public":  # hand-written pages marked internal stay out too
            internal = internal_hand_written(Path(config.docs_dir))
            for file in [f for f in files if f.src_uri in internal]:
                files.remove(file)
            self.site.withheld |= internal
            config.nav = prune_nav(config.nav or [], internal)
        hand_written = {f.src_uri for f in files if f.is_documentation_page()}
        generated = self.generated_paths = {p.path for p in self.site.pages}
        clashes = sorted(hand_written & generated)
        if clashes:
            docs = Path(config.docs_dir).name
            raise PluginError(
                "These hand-written pages would be replaced by generated ones; rename or move them: "
                + ", ".join(f"{docs}/{c}" for c in clashes)
            )
        self.sanitizer.start(len(generated), in_background=not self.serving)
        changed = None
        if self.incremental:
            context = repr(
                (self.problems, self.config.edition, sorted(hand_written), self.user_nav, sorted(self.site.withheld))
            )
            changed = self.preview.plan(self.site, context)
            if changed is None:
                clean_directory(config.site_dir)  # the nav (in every page) changed: rebuild all
        for page in self.site.pages:
            kind = File if changed is None or page.path in changed else UnchangedPage
            files.append(kind.generated(config, page.path, content=page.markdown))
        if not self.user_nav:
            # No nav in mkdocs.yml: hand-written pages follow the generated sections, by path.
            extra = sorted(hand_written - generated)
            assert config.nav is not None
            config.nav += [p for p in extra]
        return files

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.build_date.close()
        self.freezer.thaw()
        search = next((p for p in config.plugins.values() if hasattr(p, "search_index_prev")), None)
        if self.incremental and search is not None and hasattr(search, "search_index"):
            # The index holds only the pages rebuilt in this round: add back those that were not.
            search.search_index.entries = self.preview.merge_search(search.search_index.entries)
            search.search_index_prev = None
        if not self.serving:
            mark_as_site(Path(config.site_dir))  # so that the next build may replace it

    def on_build_error(self, *, error: Exception) -> None:
        self.build_date.close()
        self.freezer.thaw()
        self.sanitizer.stop()
        self.preview.forget()

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # In the public edition, links (in content or hand-written pages) to withheld pages become text.
        assert self.site is not None
        markdown = unlink(markdown, page.file.src_uri, self.site.withheld)
        return preview_banner(self.problems) + markdown if self.problems else markdown

    @event_priority(-100)  # last: what other plugins added to the page is cleaned too
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages show content: keep only allow-listed HTML (no script, handlers, js: URLs).
        if page.file.src_uri not in self.generated_paths:
            return html
        # In a large build a helper process cleans it while MkDocs reads the next pages.
        return self.sanitizer.clean(page, html)

    @event_priority(110)  # first: before the tags plugin (100) adds its listings to the pages
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every page has been read: put the helper's clean HTML in place, before any is indexed or written.
        self.sanitizer.finish()
        # Every preview rebuild makes a fresh theme environment; reusing the compiled theme
        # templates keeps the save-to-refresh time well under two seconds.
        if self.serving:
            env.bytecode_cache = self.theme_cache
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # The page's policy gets the hashes of its own inline scripts; the preview drops it (below).
        return without_policy(output) if self.serving else seal(output, page.content)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # 404.html is a theme template, not a page; `mkdocs serve` injects a live-reload script.
        return without_policy(output_content) if self.serving else seal(output_content)


def _literal(text: str) -> str:
    """Message text shown as written: a key such as `[x](javascript:…)` must not become a link, and
    the banner also sits on hand-written pages, which are not sanitized."""
    return re.sub(r"([\\`*_{}\[\]()#!|])", r"\\\1", escape_html(text))


def preview_banner(problems: list[Problem]) -> str:
    """The content problems as a warning box at the top of every page of the live preview."""
    items = "\n".join(
        f"    - `{p.file}:{p.line}:{p.column}` {_literal(f'{p.where}: {p.message}' if p.where else p.message)}"
        for p in problems
    )
    return (
        '!!! failure "The playbook content has problems"\n\n'
        "    The preview shows the last good version of the pages until these are fixed; "
        "save the file and this page reloads by itself.\n\n"
        f"{items}\n\n"
    )


def build_site(
    config_file: Path, site_dir: Path, *, protected: list[Path], strict: bool = True, edition: str | None = None
) -> None:
    """A strict MkDocs build of ``config_file`` into ``site_dir``, swapped in only on success.

    ``edition`` overrides the playbook plugin's ``edition`` option (``--edition`` on the command line).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .publish import build_atomically, check_site_dir

    check_site_dir(site_dir, config_file.resolve().parent, protected)

    def run(staging: Path) -> None:
        config = load_config(str(config_file), site_dir=str(staging), strict=strict)
        if edition is not None:
            if "playbook" not in config.plugins:
                raise PluginError(
                    f"{config_file}: an edition was asked for, but the playbook plugin is not in 'plugins'"
                )
            config.plugins["playbook"].config["edition"] = edition
        build(config)

    build_atomically(site_dir, run)


def is_build_failure(exc: Exception) -> bool:
    """True for the failures a user can fix (bad config, content, site folder), not for our bugs."""
    from mkdocs.exceptions import MkDocsException

    from .publish import UnsafeSiteDir

    return isinstance(exc, (MkDocsException, UnsafeSiteDir, OSError))


class _ExactDirtyBuilds(logging.Filter):
    """Hides MkDocs' warning that dirty builds may show a stale navigation: the plugin rebuilds
    every page whenever the navigation changes, so the preview's navigation is always exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


EXACT_DIRTY_BUILDS = _ExactDirtyBuilds()
