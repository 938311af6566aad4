"""``storydiff serve``: a local web app to compare articles (needs ``storydiff[web]``).

Routes: ``GET /`` a form (paste texts, upload files or list URLs); ``POST /compare`` the
HTML report; ``POST /api/compare`` its JSON twin, exactly what ``--format json`` prints
(the same ``render`` call); ``GET /openapi.json`` the API description. The models are
loaded once per app, on the first comparison, and shared by all requests.

Comparisons run at the same time, ``workers`` at once, and up to ``queue`` more wait; past
that a comparison is refused at once with 503 and ``Retry-After`` (``web.service``). Story
pages and the form never wait behind comparisons: they run in the server's own threads.

With a corpus store (``serve --db PATH``, ``create_app(db=...)``) the app also lets you
browse its stories (``web.stories``): ``GET /stories`` (``?page=``, ``?min_size=``, ``?q=``
full-text search), ``GET /stories/{id}`` and ``GET /stories/{id}/compare``. Each page also
answers as JSON at its path plus ``.json`` (as datasette does) and under ``/api``:
``GET /api/stories``, ``GET /api/stories/{id}`` and ``GET /api/stories/{id}/compare``
(the ``--format json`` document). Stored articles are compared by address too,
``GET /compare?ids=a,b,c`` (``web.bookmarks``, cached), and every listing page links
CSV/JSON/Parquet downloads (``web.downloads``). Without a store these answer 404.

Limits (``web.limits.WebLimits``): the request body (``max_bytes``, checked on the declared
length and again while reading) and the number of articles (2..``max_articles``); each
breach is a 4xx response with one clear line, JSON (``{"detail": ...}``) unless the client
asked for HTML. URLs are fetched with ``storydiff.fetch``, which refuses local and private
addresses unless ``allow_private_urls``. Article text only ever reaches a page escaped.
Cross-site requests to the routes that run a comparison are refused (``web.security``).

The package: ``app`` (``create_app``, ``serve``), ``security`` (headers, cross-site
refusal, body limit, Host guard), ``service`` (the pipeline and its workers, given to the
routes through ``Depends``), ``pages`` (Jinja2 templates, JSON and error answers), and one
router per area: ``compare`` (the form and the API), ``stories`` (the corpus pages),
``bookmarks`` (comparisons by article ids) and ``downloads`` (their files, written by
``tables``); ``cache`` keeps finished comparisons (one computation per identical request).
"""

from __future__ import annotations

from storydiff.errors import NotInstalled

try:  # one place for the optional imports, one message
    import fastapi  # noqa: F401
    import jinja2  # noqa: F401
except ImportError as err:
    raise NotInstalled(err.name or "fastapi", "web") from None

from storydiff.web.app import create_app, serve
from storydiff.web.limits import DEFAULT_LIMITS, WebLimits
from storydiff.web.security import cross_site_refusal
from storydiff.web.service import default_workers

__all__ = [
    "DEFAULT_LIMITS",
    "WebLimits",
    "create_app",
    "cross_site_refusal",
    "default_workers",
    "serve",
]
