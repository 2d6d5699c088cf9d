"""The MkDocs adapter: the pipeline's pages handed to MkDocs (or ProperDocs), every page made safe.

It runs the pipeline when MkDocs loads its configuration, hands the generated pages over as
``File.generated`` in ``on_files``, builds the navigation around the hand-written pages, and on
every page it writes — built or previewed — cleans the content's HTML and seals the page's
Content-Security-Policy. The live preview's own parts are in ``preview.py``.
"""

from __future__ import annotations

import html
import logging
import os
import re
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import mkdocs
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from generator.checks.severities import CONFIG_FILE as CHECK_CONFIG
from generator.engines.assemble import Assembly, PageClash, assemble, assemble_site
from generator.engines.defaults import PROJECT_THEME, SCRIPT, STYLESHEET, add_theme_dir, missing_assets
from generator.engines.preview import EXACT_DIRTY_BUILDS, CompiledTemplates, PreviewState, harden, problems_box
from generator.engines.publish import UnsafeSiteDir, build_epoch, check_site_dir, fixed_build_date, mark_as_site
from generator.errors import ContentError, Problem
from generator.pipeline import Project
from generator.site.csp import seal
from generator.site.edition import DEFAULT_EDITION, EDITIONS
from generator.site.markdown import safe_id
from generator.site.render import Page as GenPage
from generator.site.render import Site
from generator.site.sanitize import safe_page_body, sanitize_html

log = logging.getLogger(f"{mkdocs.__name__}.plugins.playbook")  # "properdocs.…" under ProperDocs
PREVIEW_POLL_SECONDS = 0.2
_UNSAFE_ID = re.compile(r"[^\w.:-]")


class ContentProblems(PluginError):
    """The content has problems: the build stops with the located report (``error.report()``)."""

    def __init__(self, error: ContentError) -> None:
        self.error = error
        super().__init__("The playbook content has problems:\n" + error.report())


class PlaybookConfig(base.Config):
    content_dir = opt.Type(str, default="content")
    templates_dir = opt.Type(str, default="templates")
    edition = opt.Choice(EDITIONS, default=DEFAULT_EDITION)


class UnchangedPage(File):
    """A generated page whose Markdown is the same as in the last preview build: in a dirty build
    MkDocs keeps the HTML already in the site folder (and rebuilds it only if it went missing)."""

    def is_modified(self) -> bool:
        return not os.path.isfile(self.abs_dest_path)


def safe_toc(items: Any) -> None:
    """Table-of-contents entries as the theme prints them (unescaped): ids and titles made text."""
    for item in items:
        item.id = safe_id(_UNSAFE_ID.sub("-", item.id))
        item.title = html.escape(html.unescape(item.title), quote=False)
        safe_toc(item.children)


def content_edit_url(config: MkDocsConfig, source: str) -> str | None:
    """Where to edit a content file: ``repo_url`` + ``edit_uri`` with the docs folder swapped for
    the file's path (``…/edit/main/docs/`` → ``…/edit/main/content/stages/x.yml``)."""
    if not config.repo_url or not config.edit_uri:
        return None
    base = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri)
    # As written (not with links resolved): a docs folder linked in from elsewhere is still "docs/".
    docs = Path(os.path.abspath(config.docs_dir))
    root = Path(os.path.abspath(config.config_file_path)).parent
    docs_path = docs.relative_to(root).as_posix() + "/" if docs.is_relative_to(root) else ""
    if docs_path and base.endswith(docs_path):
        base = base[: -len(docs_path)]
    return base.rstrip("/") + "/" + source


def use_package_defaults(config: MkDocsConfig, root: Path) -> None:
    """The package's theme override, stylesheet and script, unless the project replaced them (in its
    theme ``custom_dir``, or file by file in its own ``site_config/theme/``)."""
    add_theme_dir(config.theme.dirs, root / PROJECT_THEME)
    css, script = missing_assets(config.extra_css, config.extra_javascript)
    if css:
        config.extra_css.append(STYLESHEET)
    if script:
        config.extra_javascript.append(opt.ExtraScript().validate({"path": SCRIPT, "defer": True}))


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Generates the playbook pages from content/ with the package's templates (or the project's)."""

    def __init__(self) -> None:
        self.assembly: Assembly | None = None  # the last good one, while previewing
        self.user_nav: list[Any] | None = None
        self.build_date = ExitStack()
        # Live preview (`mkdocs serve`) shows content problems in the page instead of stopping.
        self.serving = False
        self.problems: list[Problem] = []
        self.watched: list[Path] = []
        self.theme_cache = CompiledTemplates()
        self.generated_paths: set[str] = set()
        self.sources: dict[str, str] = {}  # generated page → the content file it shows
        # `playbook serve` (a dirty serve) rebuilds only the pages a save changed; see preview.py.
        self.incremental = False
        self.preview = PreviewState()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds, so the last
        # good pages survive a broken save. Builds (`playbook build`, `mkdocs build`) stay strict.
        self.serving = command == "serve"
        self.incremental = self.serving and dirty
        if self.incremental:
            logging.getLogger(f"{mkdocs.__name__}.commands.build").addFilter(EXACT_DIRTY_BUILDS)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # Watch content and templates wherever they are, polling them more often than MkDocs'
        # default 0.5 s (they are small folders) so a save shows in the browser quickly.
        observer = getattr(server, "observer", None)
        if observer is not None and isinstance(getattr(observer, "_timeout", None), (int, float)):
            observer._timeout = min(observer._timeout, PREVIEW_POLL_SECONDS)
        for path in self.watched:
            server.watch(str(path))
        harden(server, [str(p) for p in self.watched])
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        project = Project.at(
            root,
            self.config.content_dir,
            self.config.templates_dir,
            docs=config.docs_dir,
            edition=self.config.edition,
            config_file=Path(config.config_file_path),
            site_name=config.site_name,
        )
        if not self.serving:
            # A plain `mkdocs build` empties its site folder next: never the project or someone's files.
            try:
                check_site_dir(
                    Path(config.site_dir), root, [project.content_dir, project.templates_dir, Path(config.docs_dir)]
                )
            except UnsafeSiteDir as exc:
                raise PluginError(f"Refusing to build: {exc}") from None
        severities = project.root / CHECK_CONFIG  # the System health page follows it too
        self.watched = [p for p in (project.content_dir, project.templates_dir, severities) if p.exists()]
        use_package_defaults(config, root)
        # The hand-written nav (if any) is kept, after the generated sections. On `mkdocs serve`
        # rebuilds on_config runs again with the already-replaced nav, so remember the original once.
        if self.user_nav is None:
            self.user_nav = list(config.nav or [])
        try:
            self.assembly = assemble(project, self.user_nav)
            self.problems = []
        except PageClash as exc:
            raise PluginError(str(exc)) from None
        except ContentError as exc:
            if not self.serving:
                raise ContentProblems(exc) from None
            self.problems = exc.problems
            log.error(
                "The playbook content has problems; the preview shows them until they are fixed:\n%s", exc.report()
            )
            # The last good pages (or a placeholder) with the hand-written pages as they are now.
            shown = self.assembly.site if self.assembly is not None else None
            if shown is None:
                shown = Site([GenPage("index.md", "Content problems", "# Content problems\n")], [])
            try:
                self.assembly = assemble_site(shown, project.edition, project.docs_dir, self.user_nav)
            except PageClash as clash:
                raise PluginError(str(clash)) from None
        # Reproducible builds: MkDocs dates the sitemap and its gzip header from SOURCE_DATE_EPOCH;
        # unless the caller chose one, use the last commit's date for the whole build.
        self.build_date.close()
        sources = [project.content_dir, project.templates_dir, Path(config.docs_dir)]
        self.build_date.enter_context(fixed_build_date(build_epoch(root, sources)))
        config.nav = self.assembly.nav
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assembly = self.assembly
        assert assembly is not None
        for file in [f for f in files if f.src_uri in assembly.left_out]:
            files.remove(file)  # hand-written pages marked internal stay out of the public edition
        site = assembly.site
        self.generated_paths = set(assembly.files)
        self.sources = {p.path: p.source for p in site.pages if p.source}
        changed = None
        if self.incremental:
            context = repr(
                (self.problems, self.config.edition, assembly.hand_written, self.user_nav, sorted(assembly.withheld))
            )
            changed = self.preview.plan(site, context)
            if changed is None:
                clean_directory(config.site_dir)  # the nav (in every page) changed: rebuild all
        for path, markdown in assembly.files.items():
            kind = File if changed is None or path in changed else UnchangedPage
            files.append(kind.generated(config, path, content=markdown))
        return files

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.build_date.close()
        search = next((p for p in config.plugins.values() if hasattr(p, "search_index_prev")), None)
        if self.incremental and search is not None and hasattr(search, "search_index"):
            # The index holds only the pages rebuilt in this round: add back those that were not.
            search.search_index.entries = self.preview.merge_search(search.search_index.entries)
            search.search_index_prev = None
        if not self.serving:
            mark_as_site(Path(config.site_dir))  # so that the next build may replace it

    def on_build_error(self, *, error: Exception) -> None:
        self.build_date.close()
        self.preview.forget()

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.assembly is not None
        # "Edit this page" on a generated page opens the YAML file it comes from.
        source = self.sources.get(page.file.src_uri)
        if source is not None:
            page.edit_url = content_edit_url(config, source)
        # In the public edition, links (in content or hand-written pages) to withheld pages become text.
        return self.assembly.unlinked(markdown, page.file.src_uri)

    @event_priority(-100)  # last: what other plugins added to the page is cleaned too
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages show content: keep only allow-listed HTML (no script, handlers, js: URLs).
        if page.file.src_uri in self.generated_paths:
            html = sanitize_html(html)
        # On every page: no element takes an id the theme uses or has a title the theme would show
        # as HTML, and the table of contents (printed by the theme as it is) holds text only.
        safe_toc(page.toc)
        html = safe_page_body(html)
        return problems_box(self.problems) + html if self.problems else html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every preview rebuild makes a fresh theme environment; reusing the compiled theme
        # templates keeps the save-to-refresh time short.
        if self.serving:
            env.bytecode_cache = self.theme_cache
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # The page's policy gets the hashes of the theme's inline scripts (not of the content's).
        return seal(output, page.content)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return seal(output_content)  # 404.html and other theme templates that are not pages
