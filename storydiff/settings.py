"""Every limit and default in one place: the pipeline's ``Settings`` and the ``Option`` registry.

Each knob is declared once, as an ``Option`` with its name, default and help. The CLI makes
its flags from these records (``storydiff.cli``), the web app reads their defaults, and
docs/options.md is generated from them (a test fails when it drifts). The same word can name
two knobs only where the meaning differs: ``--max-articles`` is a refusal for ``compare``
(you chose the files), a subset for a stored story (it grew by itself), and a request limit
for the web app (a shared server); each is its own ``Option``, named so.

An option's constant is its name in capitals (``WEB_MAX_ARTICLES.name == "web_max_articles"``);
its ``help`` may say ``%(default)s``, which argparse and the docs fill in.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def default_cache_dir() -> Path:
    """Where embeddings and built model graphs are cached: ``$STORYDIFF_CACHE``, else XDG."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("STORYDIFF_CACHE", str(Path(base) / "storydiff")))


@dataclass(frozen=True, kw_only=True)
class Option(Generic[T]):
    """One knob, declared once: its CLI flags, its default (read by the web app too), its help.

    ``flags`` empty: a library setting without a flag. A ``bool`` default makes a switch
    that sets the opposite value (``--no-cache`` turns ``cache`` off). ``repeat``: given once
    per value, collected in order. ``parse`` turns the flag's text into the value; by
    default the default's own type does (text when the default is None).
    """

    name: str
    default: T
    help: str
    flags: tuple[str, ...] = ()
    parse: Callable[[str], Any] | None = None
    metavar: str | None = None
    choices: tuple[str, ...] = ()
    repeat: bool = False
    required: bool = False

    @property
    def parser(self) -> Callable[[str], Any]:
        """What turns the flag's text into the value."""
        if self.parse is not None:
            return self.parse
        return str if self.default is None else type(self.default)

    @property
    def is_switch(self) -> bool:
        """A flag without a value: it flips a ``bool`` default."""
        return isinstance(self.default, bool)


# --- the pipeline (fields of Settings; every command that compares takes the flags) ---------

EMBEDDER = Option(
    name="embedder", flags=("--embedder",), default="e5-small", help="embedding backend"
)
EMBEDDER_MODEL: Option[str | None] = Option(
    name="embedder_model",
    flags=("--embedder-model",),
    default=None,
    help="model name for the embedder",
)
RELATER = Option(name="relater", flags=("--relater",), default="features", help="relation backend")
RELATER_MODEL: Option[str | None] = Option(
    name="relater_model",
    flags=("--relater-model",),
    default=None,
    help="model name for the relater",
)
CACHE = Option(
    name="cache", flags=("--no-cache",), default=True, help="do not cache embeddings on disk"
)

# --- how much one run reads and compares -------------------------------------------------------

MAX_ARTICLES = Option(
    name="max_articles",
    default=500,
    help=(
        "articles read_inputs reads in one call; the rest are reported as not read. A guard "
        "for library callers against an endless input, above every comparison limit"
    ),
)
MAX_BYTES = Option(
    name="max_bytes",
    default=10_000_000,
    help=(
        "bytes read from one file or from stdin; larger inputs are skipped with their size. "
        "One file may be a JSONL of hundreds of articles, so this is above a download's cap"
    ),
)
MAX_SENTENCES_PER_ARTICLE = Option(
    name="max_sentences_per_article",
    default=2_000,
    help="sentences of one article that are compared; the rest are left out",
)
COMPARE_MAX_ARTICLES = Option(
    name="compare_max_articles",
    flags=("--max-articles",),
    default=50,
    metavar="N",
    help=(
        "refuse more than N articles (default %(default)s; 0: no limit): 200 took ~4 minutes "
        "and ~800 MB on 2 cores, and a report of them does not read"
    ),
)
STORY_MAX_ARTICLES = Option(
    name="story_max_articles",
    flags=("--max-articles",),
    default=20,
    metavar="N",
    help=(
        "compare at most N of a story, one per outlet first (default %(default)s; 0: all): "
        "a stored story can hold hundreds, and one comparison reads well up to about this"
    ),
)

# --- reports --------------------------------------------------------------------------------

FORMAT = Option(
    name="format",
    flags=("-f", "--format"),
    default="text",
    help="output format: text (default), md, json, html",
)
OUTPUT: Option[str | None] = Option(
    name="output",
    flags=("-o", "--output"),
    default=None,
    metavar="PATH",
    help="write to PATH instead of stdout",
)
COLOR = Option(
    name="color",
    flags=("--color",),
    default="auto",
    choices=("auto", "always", "never"),
    help="colours in the text view (auto: on a terminal, unless NO_COLOR is set)",
)
OUTLET: Option[tuple[str, ...]] = Option(
    name="outlet",
    flags=("--outlet",),
    default=(),
    repeat=True,
    metavar="NAME",
    help="outlet name of the next article, in order (repeat per article)",
)
TITLE: Option[tuple[str, ...]] = Option(
    name="title",
    flags=("--title",),
    default=(),
    repeat=True,
    metavar="TEXT",
    help="title, in order",
)
DETAIL = Option(
    name="detail",
    flags=("--detail",),
    default=False,
    help=(
        "text and md: after the brief of a comparison of 3+ articles, show the full detail "
        "(every fact and wording, voices, framing); a pair is always shown in full"
    ),
)
QUIET = Option(
    name="quiet", flags=("-q", "--quiet"), default=False, help="no progress messages on stderr"
)

# --- the corpus store -------------------------------------------------------------------------

DB = Option(
    name="db",
    flags=("--db",),
    default="storydiff.db",
    metavar="PATH",
    help="the store: a SQLite file, or a postgresql:// URL (password in PGPASSWORD)",
)
MIN_SIZE = Option(
    name="min_size",
    flags=("--min-size",),
    default=2,
    metavar="N",
    help="only stories of N or more articles (default %(default)s; export: not with IDs)",
)
STORIES_LIMIT = Option(
    name="stories_limit",
    flags=("--limit",),
    default=50,
    metavar="N",
    help="stories listed, largest first (default %(default)s)",
)
JSON_LINES = Option(
    name="json_lines", flags=("--json",), default=False, help="one JSON object per line"
)
SEARCH: Option[str | None] = Option(
    name="search",
    flags=("-s", "--search"),
    default=None,
    metavar="QUERY",
    help="only stories with articles matching QUERY",
)
WHERE: Option[tuple[str, ...]] = Option(
    name="where",
    flags=("--where",),
    default=(),
    repeat=True,
    metavar="KEY=VALUE",
    help=(
        "only stories with an article whose metadata (the extra fields of its input item) "
        "has KEY=VALUE, compared as text; repeat to require several"
    ),
)
BLINDSPOT = Option(
    name="blindspot",
    flags=("--blindspot",),
    default=False,
    help="only stories covered mostly by one group of the outlet table (storydiff outlets)",
)
BLINDSPOT_SHARE = Option(
    name="blindspot_share",
    flags=("--blindspot-share",),
    default=0.8,
    metavar="F",
    help=(
        "a blindspot: at least this share of a story's grouped articles from one group "
        "(default %(default)s: four in five)"
    ),
)
BLINDSPOT_MIN_ARTICLES = Option(
    name="blindspot_min_articles",
    flags=("--blindspot-min",),
    default=3,
    metavar="N",
    help=(
        "a blindspot needs at least N articles with a group (default %(default)s): one "
        "article from one side is a small story, not a blindspot"
    ),
)
EXPORT_OUTPUT: Option[str | None] = Option(
    name="export_output",
    flags=("-o", "--output"),
    default=None,
    required=True,
    metavar="PATH",
    help=".jsonl/.csv/.parquet",
)
EXPORT_FORMAT: Option[str | None] = Option(
    name="export_format",
    flags=("--format",),
    default=None,
    choices=("jsonl", "csv", "parquet"),
    help="file format (default: the extension of --output)",
)
EXPORT_LIMIT = Option(
    name="export_limit",
    flags=("--limit",),
    default=100,
    metavar="N",
    help="stories exported when no ID is given, largest first (default %(default)s)",
)

MIGRATE_BATCH = Option(
    name="migrate_batch",
    flags=("--batch",),
    default=500,
    metavar="N",
    help="articles copied per transaction (default %(default)s)",
)

# --- ingesting, and fetching URLs ---------------------------------------------------------------

CHUNK = Option(name="chunk", flags=("--chunk",), default=32, metavar="N", help="articles per batch")
ENGINE = Option(
    name="engine",
    flags=("--engine",),
    default="local",
    choices=("local", "ray"),
    help="where ingest embeds and export compares: in this process, or on Ray actors "
    "(needs storydiff[ray])",
)
RAY_ADDRESS: Option[str | None] = Option(
    name="ray_address",
    flags=("--address",),
    default=None,
    metavar="ADDR",
    help="a running Ray cluster for --engine ray (default: $RAY_ADDRESS, else a local Ray)",
)
RAY_WORKERS = Option(
    name="ray_workers",
    flags=("--ray-workers",),
    default=2,
    metavar="N",
    help="Ray actors for --engine ray, one copy of the models each (default %(default)s)",
)
RAY_OUTPUT: Option[str | None] = Option(
    name="ray_output",
    flags=("--ray-output",),
    default=None,
    metavar="DIR",
    help="Parquet of articles and vectors by date for --engine ray (default: <db>.parquet)",
)
# ``storydiff ingest --engine ray`` and where it runs.
RAY_OPTIONS: tuple[Option[Any], ...] = (ENGINE, RAY_ADDRESS, RAY_WORKERS, RAY_OUTPUT)
FETCH_TIMEOUT = Option(
    name="fetch_timeout",
    flags=("--timeout",),
    default=10.0,
    metavar="S",
    help="seconds per download, redirects included (default %(default)s)",
)
FETCH_MAX_BYTES = Option(
    name="fetch_max_bytes",
    default=5_000_000,
    help=(
        "bytes of one download (a page or a feed) for storydiff ingest; a larger body is "
        "cut off and refused, so a hostile server cannot fill the memory"
    ),
)
HOST_DELAY = Option(
    name="host_delay",
    flags=("--host-delay",),
    default=1.0,
    metavar="S",
    help="seconds between requests",
)
RETRIES = Option(
    name="retries",
    flags=("--retries",),
    default=2,
    metavar="N",
    help="for transient errors",
)
ALLOW_PRIVATE_URLS = Option(
    name="allow_private_urls",
    flags=("--allow-private-urls",),
    default=False,
    help="let URL fetches reach this machine and private networks (refused by default)",
)

# --- the web app ---------------------------------------------------------------------------------

HOST = Option(
    name="host",
    flags=("--host",),
    default="127.0.0.1",
    help="address to listen on (default: this machine only)",
)
PORT = Option(name="port", flags=("--port",), default=8000, help="port (default: %(default)s)")
WEB_MAX_ARTICLES = Option(
    name="web_max_articles",
    flags=("--max-articles",),
    default=STORY_MAX_ARTICLES.default,
    metavar="N",
    help=(
        "per request, and per story page (default %(default)s): the server is shared, and a "
        "story page compares as many as storydiff story"
    ),
)
WEB_MAX_BYTES = Option(
    name="web_max_bytes",
    flags=("--max-bytes",),
    default=2_000_000,
    metavar="N",
    help=(
        "request size limit, and the cap of each URL fetched (default %(default)s bytes): "
        "the server holds several requests at once"
    ),
)
SERVE_DB: Option[str | None] = Option(
    name="serve_db",
    flags=("--db",),
    default=None,
    metavar="PATH",
    help="a corpus store to browse: a file (must exist) or a postgresql:// URL",
)
WORKERS: Option[int | None] = Option(
    name="workers",
    flags=("--workers",),
    default=None,
    parse=int,
    metavar="N",
    help="comparisons run at once (default: one per core, at most 4)",
)
QUEUE = Option(
    name="queue",
    flags=("--queue",),
    default=16,
    metavar="N",
    help="comparisons that may wait for a worker; more are refused with 503 (default %(default)s)",
)

OPTIONS: tuple[Option[Any], ...] = (
    EMBEDDER,
    EMBEDDER_MODEL,
    RELATER,
    RELATER_MODEL,
    CACHE,
    MAX_ARTICLES,
    MAX_BYTES,
    MAX_SENTENCES_PER_ARTICLE,
    COMPARE_MAX_ARTICLES,
    STORY_MAX_ARTICLES,
    FORMAT,
    OUTPUT,
    COLOR,
    DETAIL,
    OUTLET,
    TITLE,
    QUIET,
    DB,
    MIN_SIZE,
    STORIES_LIMIT,
    JSON_LINES,
    SEARCH,
    WHERE,
    BLINDSPOT,
    BLINDSPOT_SHARE,
    BLINDSPOT_MIN_ARTICLES,
    EXPORT_OUTPUT,
    EXPORT_FORMAT,
    EXPORT_LIMIT,
    MIGRATE_BATCH,
    CHUNK,
    *RAY_OPTIONS,
    FETCH_TIMEOUT,
    FETCH_MAX_BYTES,
    HOST_DELAY,
    RETRIES,
    ALLOW_PRIVATE_URLS,
    HOST,
    PORT,
    WEB_MAX_ARTICLES,
    WEB_MAX_BYTES,
    SERVE_DB,
    WORKERS,
    QUEUE,
)

# ``storydiff stories --blindspot`` and what "mostly one group" means.
BLINDSPOT_OPTIONS: tuple[Option[Any], ...] = (BLINDSPOT, BLINDSPOT_SHARE, BLINDSPOT_MIN_ARTICLES)

# The options that are fields of Settings: a command that runs the pipeline passes them on.
PIPELINE_OPTIONS: tuple[Option[Any], ...] = (
    EMBEDDER,
    EMBEDDER_MODEL,
    RELATER,
    RELATER_MODEL,
    CACHE,
)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Options that travel through the pipeline.

    ``embedder`` and ``relater`` are registry names (see ``storydiff.embed`` and
    ``storydiff.relate``); ``model`` is an optional model name for backends that load one.
    The defaults of the user-facing fields are their ``Option`` records' above; the
    thresholds are fitted values, not knobs (each says where it comes from).
    """

    embedder: str = EMBEDDER.default
    embedder_model: str | None = EMBEDDER_MODEL.default
    relater: str = RELATER.default
    relater_model: str | None = RELATER_MODEL.default
    neighbours: int = 5
    # 0.5 -> 0.55 with clause units: fact precision on NewsWCL50 0.236 -> 0.245 (F1
    # 0.163 -> 0.165); what falls below is left to the related tier.
    align_threshold: float = 0.55
    align_related_threshold: float = 0.1
    same_story_threshold: float = 0.5
    related_threshold: float = 0.3
    max_articles: int = MAX_ARTICLES.default
    max_bytes: int = MAX_BYTES.default
    max_sentences_per_article: int = MAX_SENTENCES_PER_ARTICLE.default
    framing: bool = True
    sources: bool = True
    cache: bool = CACHE.default
    cache_dir: Path | None = None

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["cache_dir"] = str(self.cache_dir) if self.cache_dir else None
        return d
