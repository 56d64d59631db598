"""The MkDocs plugin `incident-archive`: turns content/incidents/*.yml into pages of the site.

Hooks, in build order:
- on_config: optionally runs the builder (articles -> YAML) first, then adds the CSS and JS;
- on_files: reads the YAML, adds one generated page per incident, outlet and browse value, plus
  the downloads, the feed and a redirect page for each merged incident's old id;
- on_page_content: adds the data links to every page;
- on_serve: watches the articles, the YAML and the templates, so `mkdocs serve` rebuilds on edits.

Incident, outlet and browse-value pages are kept out of the navigation tree: Material renders the
whole tree on every page, which costs O(n^2) in pages.

Mistakes in files people edit (curation.yml, redirects.yml) stop the build with each error's file,
line, field and fix, as a PluginError: MkDocs prints its message, not a traceback. An incident
file that breaks the schema is rendered as far as it can be (an editor's half-done edit in
`mkdocs serve`), and each of its errors is a warning, so `mkdocs build --strict` fails on it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from builder import pipeline
from builder.check import CheckError
from builder.curation import CurationError, load_redirects, redirect_errors
from builder.render import layout as L
from builder.render.archive import Incident, Loader
from builder.render.downloads import downloads
from builder.render.feed import newest
from builder.render.geo import Nearby
from builder.render.pages import (
    PageSpec,
    Templates,
    incident_search_html,
    page_title,
    plan,
    render_on_two_cores,
    renderer,
    searchable,
)
from builder.render.reuse import Chrome, MemoryBytecodeCache, ServeCache, digest, files_stamp
from builder.store import incidents_dir
from builder.text import counted

log = logging.getLogger("mkdocs.plugins.incident-archive")

# In templates/theme/: the template that prints a page finished by the plugin, from the chrome
# shared by pages outside the navigation (Chrome) or kept between serve rebuilds (ServeCache).
FINISHED_PAGE_TEMPLATE = "incident-archive-kept.html"
THEME_PAGE_TEMPLATE = "main.html"


def user_error(errors: Sequence[CheckError], fix: str) -> PluginError:
    """The build's end, with every error on a line of its own and what to do first."""
    lines = "\n".join(f"  {error}" for error in errors)
    return PluginError(
        f"incident-archive: {len(errors)} error(s), nothing was built:\n{lines}\n{fix}"
    )


def _move_page(old_site: Path, site: str, dest: str, made: set[str]) -> bool:
    """Move one page of the last build back into the site; False if it is not there.

    A page at <folder>/<name>/index.html is alone in its folder (generated pages are named by ids
    and slugs, which hold no slash), so the folder is moved whole: one rename, no mkdir.
    """
    folder, name = os.path.split(dest)
    moved = folder if name == "index.html" and folder else dest
    parent = os.path.join(site, os.path.dirname(moved))
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    try:
        os.rename(os.path.join(old_site, moved), os.path.join(site, moved))
    except OSError:  # not there, or something already took its place
        return False
    return True


class IncidentArchiveConfig(base.Config):  # type: ignore[no-untyped-call]
    content = c.Type(str, default="content")
    """Folder holding incidents/*.yml, relative to mkdocs.yml."""
    articles = c.Type(str, default="seeds")
    """Folder of article files the builder reads, relative to mkdocs.yml."""
    build_content = c.Type(bool, default=True)
    """Run the builder (articles -> content) before each build, so `mkdocs build` does it all."""
    templates = c.Type(str, default="templates")
    """Folder of the Jinja templates for the generated pages, relative to mkdocs.yml."""
    cache = c.Type(str, default=".cache/incident-archive")
    """Folder for the parsed-YAML cache that speeds up repeated builds, relative to mkdocs.yml."""
    builder_cache = c.Type(str, default=".cache")
    """The builder's per-article cache (`incident-archive build --cache`), relative to mkdocs.yml:
    a rebuild in `mkdocs serve` extracts only the articles that changed."""


class GeneratedPage(Page):
    """A page whose HTML comes from a template, never from Markdown."""

    def __init__(
        self, spec: PageSpec, file: File, config: MkDocsConfig, plugin: IncidentArchivePlugin
    ) -> None:
        super().__init__(page_title(spec.title), file, config)
        self.spec = spec
        self.plugin = plugin
        self.search_content = ""
        self.full_content: str | None = None
        self.kept_output: str | None = None  # the finished page, when the plugin makes it
        self.output_key = ""
        self.search_from: int | None = None  # where this page's search entries start

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {} if self.spec.searchable else {"search": {"exclude": True}}
        if not self.spec.in_nav:  # finished from the shared chrome (on_page_context)
            self.meta["template"] = FINISHED_PAGE_TEMPLATE

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.plugin.body(self)
        incident = self.spec.context.get("i")
        self.search_content = (
            incident_search_html(incident) if incident is not None else searchable(self.content)
        )
        self.toc = get_toc([])
        if self.plugin.serve_cache is not None:
            # A body made from known inputs is named by them; any other body by its text.
            made_from = self.plugin._body_keys.get(self.spec.src) or self.content
            self.output_key = self.plugin._output_key(self.title or "", self.url, made_from)
            self.kept_output = self.plugin.serve_cache.output(self.file.src_uri, self.output_key)
            if self.kept_output is not None:
                self.meta["template"] = FINISHED_PAGE_TEMPLATE


class IncidentArchivePlugin(BasePlugin[IncidentArchiveConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        # Kept across `mkdocs serve` rebuilds (MkDocs keeps plugins that define on_startup).
        self.loader = Loader()
        self.templates: Templates | None = None
        self.layout: L.Layout | None = None
        self.serve_cache: ServeCache | None = None
        self.chrome_key = ""
        self._render_body: Any = None
        self._body_keys: dict[str, str] = {}
        self._data_links: dict[int, str] = {}
        # Rendered list entries and download rows per incident; kept between serve rebuilds.
        self._items: dict[Any, Any] = {}
        self._download_parts: dict[str, Any] = {}
        self._names_key = ""
        self._env: jinja2.Environment | None = None
        self._rendered: dict[str, str] = {}  # bodies rendered ahead, on both cores
        self._previous_site: Path | None = None  # serve: the last build, moved aside
        self._last_files: dict[str, File] = {}  # serve: where the last build wrote each page
        self._kept_pages: list[File] = []  # serve: pages of the last build moved back unchanged
        self._page_order: dict[str, int] = {}  # serve: where each generated page comes in files
        self._bytecode = MemoryBytecodeCache()  # serve: templates compiled once, not per rebuild
        self._chrome = Chrome()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serve_cache = ServeCache() if command == "serve" else None

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path or ".").resolve().parent / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.content_dir = self._path(config, self.config.content)
        self.articles_dir = self._path(config, self.config.articles)
        self.builder_cache_dir = self._path(config, self.config.builder_cache)
        self.templates_dir = self._path(config, self.config.templates)
        self.loader.root = self._path(config, ".")
        if self.layout is None:  # the first build; serve rebuilds keep the parsed files in memory
            self.loader.cache_file = self._path(config, self.config.cache) / "site-records.pickle"
        if not (self.templates_dir / "incident.html").is_file():
            raise ValidationError(
                f"plugins.incident-archive.templates: no incident.html in {self.templates_dir}; "
                "point it at the project's templates/ folder"
            )
        theme_dir = str(self.templates_dir / "theme")
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.append(theme_dir)
        if self.config.build_content:
            self._build_content()
        self.templates = Templates(self.templates_dir, config.site_name, config.site_url)
        if self.serve_cache is not None:
            self.templates.env.bytecode_cache = self._bytecode
        if L.ASSETS["css"] not in config.extra_css:
            config.extra_css.append(L.ASSETS["css"])
        scripts = [str(s) for s in config.extra_javascript]
        if L.ASSETS["js"] not in scripts:
            config.extra_javascript.append(c.ExtraScriptValue(L.ASSETS["js"]))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """In serve, move the last build aside: its unchanged pages are moved back (on_files).

        MkDocs empties the site folder before every rebuild; with thousands of page folders that
        takes seconds on a busy disk, while moving them aside takes milliseconds.
        """
        site = Path(config.site_dir)
        if self.serve_cache is None or not site.is_dir():
            return
        self._previous_site = Path(tempfile.mkdtemp(prefix=".old-site-", dir=site.parent))
        for entry in site.iterdir():
            entry.rename(self._previous_site / entry.name)

    def _build_content(self) -> None:
        if not self.articles_dir.is_dir():
            log.warning(
                f"plugins.incident-archive.articles: {self.articles_dir} does not exist; "
                "set `articles`, or `build_content: false` to render content/ as it is"
            )
            return
        options = pipeline.BuildOptions(
            self.articles_dir, self.content_dir, cache_dir=self.builder_cache_dir
        )
        try:
            result = pipeline.build(options, progress=log.debug)
        except CurationError as error:
            raise user_error(
                error.errors, "Fix the files named above; content/ is unchanged."
            ) from None
        for problem in result.problems:
            log.info(f"builder: {problem}")
        for path in result.refused:
            log.warning(
                f"builder: {path} has errors (each is said below) and was not rewritten; the site"
                " shows it as it is until they are fixed"
            )
        log.info(
            f"builder: {counted(result.articles_read, 'article')} read,"
            f" {counted(result.incidents_written, 'incident')},"
            f" {counted(len(result.problems), 'note')}"
        )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.templates is not None
        incidents = self.loader.load(incidents_dir(self.content_dir))
        if self.serve_cache is not None:
            self.loader.cache_file = None  # the memory cache has it all; pickling takes a second
        else:
            self._items, self._download_parts = {}, {}
        self.layout = layout = L.Layout.of(incidents)
        try:
            redirects = load_redirects(self.content_dir)
        except CurationError as error:
            raise user_error(error.errors, "Fix content/redirects.yml.") from None
        if errors := redirect_errors(redirects, {i.id for i in incidents}):
            raise user_error(errors, "Fix content/redirects.yml.")
        layout.redirects = redirects.resolved()
        self._render_body = renderer(
            self.templates, layout, Nearby(incidents), self._items, self._incident_key
        )
        specs = plan(layout)
        if self.serve_cache is not None:
            self._keys_for_serve(config, specs)
        unchanged = self._move_back_unchanged(config, specs)
        self._kept_pages = list(unchanged.values())
        self._page_order = {spec.src: n for n, spec in enumerate(specs)} if unchanged else {}
        pages = []
        for spec in specs:
            if spec.src in unchanged:
                continue
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            file = self._add(files, config, spec.src, "", inclusion)
            pages.append(GeneratedPage(spec, file, config, self))
            if self.serve_cache is not None:
                self._last_files[spec.src] = file
        for src in L.DATA_FILES.values():
            self._add(files, config, src, "")
        self._add(files, config, L.FEED, "")
        redirect_srcs = {
            old: self._add(
                files, config, L.redirect_src(old, config.use_directory_urls), ""
            ).src_uri
            for old in layout.redirects
        }
        for src in L.ASSETS.values():
            asset = self.templates_dir / "assets" / Path(src).name
            self._add(files, config, src, asset.read_text(encoding="utf-8"))
        layout.urls = {f.src_uri: f.url for f in [*files, *unchanged.values()]}
        data = downloads(
            incidents,
            lambda i: layout.urls[L.incident_src(i)],
            self._download_parts,
            self._incident_key,
        )
        for key, src in L.DATA_FILES.items():
            files.get_file_from_path(src).content_string = data[key]  # type: ignore[union-attr]
        feed = self.templates.render(
            "feed.xml", incidents=newest(incidents), links=layout.links(""), urls=layout.urls
        )
        files.get_file_from_path(L.FEED).content_string = feed  # type: ignore[union-attr]
        titles = {i.id: i.title for i in incidents} if redirect_srcs else {}
        for old, src in redirect_srcs.items():
            files.get_file_from_path(src).content_string = self._redirect_page(  # type: ignore[union-attr]
                old, layout.urls[src], titles, config
            )
        self._data_links = {}
        self._rendered = render_on_two_cores(
            self._render_body, [(p.spec, p.url) for p in pages if self._body_needed(p)]
        )
        return files

    def _redirect_page(
        self, old: str, url: str, titles: dict[str, str], config: MkDocsConfig
    ) -> str:
        assert self.templates is not None and self.layout is not None
        new = self.layout.redirects[old]
        target = self.layout.urls[L.incident_src(new)]
        site_url = config.site_url.rstrip("/") + "/" if config.site_url else None
        return self.templates.render(
            "redirect.html",
            old=old,
            new=new,
            title=titles[new],
            to=get_relative_url(target, url),
            canonical=site_url + target if site_url else None,
        )

    def _keys_for_serve(self, config: MkDocsConfig, specs: list[PageSpec]) -> None:
        """What each page's body is made from, so serve rebuilds can reuse it."""
        assert self.layout is not None and self.serve_cache is not None
        templates = [
            *self.templates_dir.rglob("*"),
            *Path(config.docs_dir).rglob("*"),  # the hand-written pages, in the navigation
            Path(config.config_file_path or ""),
        ]
        self.chrome_key = files_stamp(templates)
        names = digest(
            self.chrome_key,
            self.layout.facet_slugs,
            self.layout.outlet_slugs,
            self.layout.redirects,
            [(i.id, i.place, i.latitude, i.longitude) for i in self.layout.incidents],
        )
        if names != self._names_key:  # every list entry's links may differ now
            self._names_key = names
            self._items.clear()
        stamps = {i.id: self.loader.stamps.get(i.path) for i in self.layout.incidents}
        self._body_keys = {
            spec.src: digest(names, [stamps.get(i) for i in spec.made_from])
            for spec in specs
            if spec.made_from is not None
        }
        self.serve_cache.forget_missing({spec.src for spec in specs})

    def _output_key(self, title: str, url: str, made_from: str) -> str:
        """What a finished page is made from: the theme's chrome, its title, URL and body."""
        return digest(self.chrome_key, title, url, made_from)

    def _move_back_unchanged(self, config: MkDocsConfig, specs: list[PageSpec]) -> dict[str, File]:
        """In serve, the pages the last build wrote from the same inputs, moved back as they are.

        They are left out of MkDocs' files, so MkDocs spends nothing on them: at 5,000 incidents
        its own work per page and writing every page again would take most of the 5 seconds an
        edit may take to show. Their search entries are put back in the index, and their files in
        the sitemap's list of pages (on_template_context).
        """
        previous, self._previous_site = self._previous_site, None
        last_files, self._last_files = self._last_files, {}
        if previous is None or self.serve_cache is None:
            return {}
        entries = self._search_index(config)
        unchanged: dict[str, File] = {}
        made: set[str] = set()
        try:
            for spec in specs:
                body_key = self._body_keys.get(spec.src)
                file = last_files.get(spec.src)
                if spec.in_nav or body_key is None or file is None:
                    continue
                key = self._output_key(page_title(spec.title), file.url, body_key)
                search = self.serve_cache.search_entries(spec.src, key)
                if self.serve_cache.output(spec.src, key) is None:
                    continue
                if entries is not None and search is None:
                    continue
                if not _move_page(previous, config.site_dir, file.dest_uri, made):
                    continue
                if entries is not None and search is not None:
                    entries.extend(search)
                unchanged[spec.src] = file
        finally:
            threading.Thread(target=shutil.rmtree, args=(previous, True), daemon=True).start()
        self._last_files = dict(unchanged)
        return unchanged

    def _incident_key(self, incident: Incident) -> Hashable:
        """What an incident's list entry and download rows are made from."""
        return (incident.id, self.loader.stamps.get(incident.path), self._names_key)

    def _body_needed(self, page: GeneratedPage) -> bool:
        if self.serve_cache is None:
            return True
        return not self.serve_cache.has_body(page.spec.src, self._body_keys.get(page.spec.src))

    def body(self, page: GeneratedPage) -> str:
        """The page's HTML; in serve, a page's body is reused while its inputs last."""

        def make() -> str:
            rendered = self._rendered.pop(page.spec.src, None)
            return rendered if rendered is not None else self._render_body(page.spec, page.url)

        if self.serve_cache is None:
            return make()
        key = self._body_keys.get(page.spec.src)
        return self.serve_cache.body(page.spec.src, key, make)

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        src: str,
        content: str,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> File:
        """Add a generated file; it replaces a hand-written file of the same path."""
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        file = File.generated(config, src, content=content, inclusion=inclusion)
        files.append(file)
        return file

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        self._env = env
        if self.serve_cache is not None:
            env.bytecode_cache = self._bytecode
        self._chrome = Chrome()  # the theme's output may differ from the last build's
        return env

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """Puts the pages kept from the last serve build (left out of MkDocs' files) back in the
        sitemap, where a full build lists them, in the same order."""
        if template_name == "sitemap.xml" and self._kept_pages:
            pages = [*context["pages"], *self._kept_pages]
            context["pages"] = sorted(pages, key=lambda f: self._page_order.get(f.src_uri, -1))
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Adds the data links; they differ only by the depth of the page's URL."""
        assert self.templates is not None and self.layout is not None
        depth = page.url.count("/")
        if depth not in self._data_links:
            links = self.layout.links(page.url)
            self._data_links[depth] = self.templates.render("data_links.html", links=links)
        return html + self._data_links[depth]

    # Material's search plugin indexes page.content in its own on_page_context. For generated pages
    # it is shown only the searchable part (see pages.searchable), and the full page is put back
    # before the theme renders it.
    @event_priority(100)
    def _search_sees_summary(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if isinstance(page, GeneratedPage):
            page.full_content, page.content = page.content, page.search_content
            self._search_entries_before(page, config)
        return context

    @event_priority(-100)
    def _theme_sees_everything(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if isinstance(page, GeneratedPage):
            page.content = page.full_content
            self._search_entries_after(page, config)
            if not page.spec.in_nav and page.kept_output is None:
                page.kept_output = self._finish(page, context, config)
        return context

    def _finish(self, page: GeneratedPage, context: TemplateContext, config: MkDocsConfig) -> str:
        """The page in the theme's chrome, rendered once per folder (see reuse.Chrome)."""
        assert self._env is not None
        template = self._env.get_template(THEME_PAGE_TEMPLATE)
        folder, stem = page.file.src_uri.rsplit("/", 1)
        content = page.content or ""
        key = (folder, "<h1" in content)
        if not self._chrome.has(key):
            file = File.generated(config, f"{folder}/{self._chrome.stem}.md", content="")
            stand_in = Page(self._chrome.title, file, config)
            stand_in.markdown, stand_in.meta = "", dict(page.meta)
            stand_in.content, stand_in.toc = self._chrome.content(key[1]), get_toc([])
            rendered = template.render({**context, "page": stand_in})
            self._chrome.keep(key, self._with_feed_link(rendered, page.url))
        filled = self._chrome.fill(key, page.title or "", stem.removesuffix(".md"), content)
        if filled is None:
            return self._with_feed_link(template.render(context), page.url)
        return filled

    # In serve, a kept page's search entries are kept too: Material's search plugin parses each
    # page's HTML in Python, which would be most of a rebuild. This reaches into that plugin's
    # index (a list of entries); without one, pages are simply indexed again.
    def _search_index(self, config: MkDocsConfig) -> list[dict[str, Any]] | None:
        search = config.plugins.get("material/search") or config.plugins.get("search")
        entries = getattr(getattr(search, "search_index", None), "entries", None)
        return entries if isinstance(entries, list) else None

    def _search_entries_before(self, page: GeneratedPage, config: MkDocsConfig) -> None:
        entries = self._search_index(config)
        if self.serve_cache is None or entries is None or page.meta.get("search"):
            return
        kept = self.serve_cache.search_entries(page.file.src_uri, page.output_key)
        page.search_from = len(entries)
        if kept is not None:
            entries.extend(kept)
            page.meta["search"] = {"exclude": True}  # already indexed, skip the parse
            page.search_from = None

    def _search_entries_after(self, page: GeneratedPage, config: MkDocsConfig) -> None:
        entries = self._search_index(config)
        if self.serve_cache is None or entries is None:
            return
        if page.search_from is None:
            page.meta.pop("search", None)
            return
        self.serve_cache.keep_search_entries(
            page.file.src_uri, page.output_key, entries[page.search_from :]
        )

    on_page_context = CombinedEvent(_search_sees_summary, _theme_sees_everything)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page, GeneratedPage) and page.kept_output is not None:
            output = page.kept_output
        else:
            output = self._with_feed_link(output, page.url)
        if isinstance(page, GeneratedPage) and self.serve_cache is not None:
            self.serve_cache.keep(page.file.src_uri, page.output_key, output)
        return output

    def _with_feed_link(self, output: str, page_url: str) -> str:
        assert self.layout is not None
        feed = self.layout.links(page_url).src(L.FEED)
        link = f'<link rel="alternate" type="application/atom+xml" title="Incidents" href="{feed}">'
        return output.replace("</head>", link + "</head>", 1)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for folder in (self.content_dir, self.templates_dir):
            server.watch(str(folder))
        if self.config.build_content and self.articles_dir.is_dir():
            server.watch(str(self.articles_dir))
        return server
