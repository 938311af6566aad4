"""Outlets as records: extra fields and the user's id kept at ingest, the outlet table
(import, matching by domain and name), coverage by group, blindspots, and the migration
that brings an older store up to date."""

from __future__ import annotations

import json
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storydiff.cli import main
from storydiff.cluster import Clusterer, ClusterParams
from storydiff.corpus import ingest_stream
from storydiff.embed import load_embedder
from storydiff.errors import InputError
from storydiff.ingest import article_from_text, read_inputs
from storydiff.outlets import OutletIndex, blindspot_group, domain_of, name_key, read_outlets
from storydiff.records import Article, Outlet
from storydiff.render.jsonout import from_json, render_json
from storydiff.store import blindspot_stories, open_store
from storydiff.store.sqlite import MIGRATIONS, schema_version
from storydiff.stream import iter_articles

BRIDGE = (
    "The city council voted on Tuesday to close the old Elm Street bridge for repairs. "
    "Engineers found cracks in two of the supports last month. The bridge will reopen in "
    "spring. "
)
FLOOD = (
    "Heavy rain flooded the river valley overnight and hundreds of homes were evacuated. "
    "Rescue teams used boats to reach villages cut off by the water. "
)
HOSTILE_GROUP = "<script>alert(1)</script>"
HOSTILE_NAME = '"><img src=x onerror=alert(1)>'

# The bridge story: three left articles of four; the flood story: three right of three.
ROWS: list[dict[str, Any]] = [
    {"id": "b1", "text": BRIDGE + "Drivers must use the ring road.", "title": "Bridge closes",
     "outlet": "Daily Left", "url": "https://www.dailyleft.example/a/1", "date": "2024-05-02",
     "leaning": "left", "topic": "roads", "labels": {"leaning_id": 0}},
    {"id": "b2", "text": BRIDGE + "The mayor is worried.", "title": "Bridge shut",
     "outlet": "THE LEFT-HERALD", "date": "2024-05-02", "leaning": "left"},
    {"id": 3, "text": BRIDGE + "Shops fear losses.", "title": "Elm bridge to close",
     "outlet": "A syndicate", "url": "https://news.leftherald.example/x", "date": "2024-05-03",
     "leaning": "left"},
    {"id": "b4", "text": BRIDGE + "The work costs two million.", "title": "Repairs",
     "outlet": "Right Times", "date": "2024-05-03", "leaning": "right", "pages": 2},
    {"id": "f1", "text": FLOOD + "Schools were closed.", "title": "Valley flooded",
     "outlet": "Right Times", "date": "2024-06-10", "leaning": "right"},
    {"id": "f2", "text": FLOOD + "The army helped.", "title": "Hundreds evacuated",
     "outlet": "Patriot Daily", "date": "2024-06-10", "leaning": "right"},
    {"id": "f3", "text": FLOOD + "More rain is expected.", "title": "Flood waters rise",
     "outlet": HOSTILE_NAME, "date": "2024-06-11", "leaning": "right"},
]  # fmt: skip

OUTLETS_CSV = (
    "name,domain,group,country,owner,rating_source\n"
    "Daily Left,dailyleft.example,left,US,,mine\n"
    "The Left Herald,https://www.leftherald.example/,left,,Herald Group,\n"
    "Right Times,,right,UK,,\n"
    "Patriot Daily,,right,,,\n"
    f'"{HOSTILE_NAME.replace(chr(34), chr(34) * 2)}",,right,,,\n'
    "Centre Post,,center,,,\n"
)


def _ingest(tmp_path: Path, rows: list[dict[str, Any]] = ROWS, *, db: str | None = None) -> str:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = db or str(tmp_path / "s.db")
    store = open_store(db)
    try:  # the model-free embedder, with the threshold that groups these rows (test_corpus)
        clusterer = Clusterer(store, load_embedder("hashing"), ClusterParams(threshold=0.45))
        assert ingest_stream(iter_articles([str(src)]), store, clusterer).added == len(rows)
    finally:
        store.close()
    return db


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def grouped(
    request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    """The rows ingested and their outlet table imported, in a store of each backend."""
    pg = request.param == "postgres"
    db = _ingest(tmp_path, db=request.getfixturevalue("postgres_url") if pg else None)
    table = tmp_path / "outlets.csv"
    table.write_text(OUTLETS_CSV, encoding="utf-8")
    assert main(["outlets", "import", str(table), "--db", db]) == 0
    capsys.readouterr()
    return db


def _stories(db: str, capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    assert main(["stories", "--db", db, "--json", "--min-size", "1", *argv]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


# --- ingest keeps what the input says ---------------------------------------------------------


def test_extra_fields_and_the_users_id_survive_jsonl_and_csv(tmp_path: Path) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps(ROWS[0]) + "\n", encoding="utf-8")
    csv = tmp_path / "b.csv"
    csv.write_text(
        f'id,text,outlet,leaning,empty\nrow-7,"{BRIDGE}",Daily,left,\n', encoding="utf-8"
    )
    got = [a for a in iter_articles([str(jsonl), str(csv)]) if isinstance(a, Article)]
    assert [(a.source_id, a.metadata) for a in got] == [
        ("b1", {"leaning": "left", "topic": "roads", "labels": {"leaning_id": 0}}),
        ("row-7", {"leaning": "left"}),  # a blank cell is no value
    ]
    assert got[0].id != "b1"  # the id is still the content hash


def test_json_inputs_of_compare_keep_them_too(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({**ROWS[3], "id": 42}), encoding="utf-8")
    (article,) = read_inputs([str(path)]).articles
    assert (article.source_id, article.metadata) == ("42", {"leaning": "right", "pages": 2})


def test_the_comparison_json_carries_them_only_when_given() -> None:
    from storydiff.compare import Pipeline
    from storydiff.settings import Settings

    tagged = article_from_text(
        BRIDGE, source="a", outlet="A", source_id="x1", metadata={"leaning": "left"}
    )
    plain = article_from_text(BRIDGE + "More.", source="b", outlet="B")
    comparison = Pipeline(Settings(embedder="hashing", cache=False)).compare([tagged, plain])
    doc = json.loads(render_json(comparison))
    first, second = doc["articles"]
    assert (first["source_id"], first["metadata"]) == ("x1", {"leaning": "left"})
    assert "source_id" not in second
    assert "metadata" not in second
    back = from_json(render_json(comparison)).articles[0].article
    assert (back.source_id, back.metadata) == ("x1", {"leaning": "left"})


def test_story_json_and_metadata_filter(grouped: str, capsys: pytest.CaptureFixture[str]) -> None:
    right = _stories(grouped, capsys, "--where", "leaning=right")
    assert sorted(s["size"] for s in right) == [3, 4]  # both stories have a right article
    assert [s["size"] for s in _stories(grouped, capsys, "--where", "topic=roads")] == [4]
    assert [s["size"] for s in _stories(grouped, capsys, "--where", "pages=2")] == [4]
    nested = _stories(grouped, capsys, "--where", 'labels={"leaning_id":0}')
    assert [s["size"] for s in nested] == [4]
    assert _stories(grouped, capsys, "--where", "leaning=centre") == []
    assert _stories(grouped, capsys, "--where", "leaning=left", "--search", "flooded") == []
    assert main(["stories", "--db", grouped, "--where", "leaning"]) == 2
    with open_store(grouped) as store:
        assert [s.size for s in store.stories(where={"topic": "roads", "leaning": "left"})] == [4]
        article = store.story_articles(store.stories(where={"topic": "roads"})[0].id)[0]
        assert (article.source_id, article.metadata["topic"]) == ("b1", "roads")


# --- the outlet table ------------------------------------------------------------------------


def test_names_and_domains_match_as_bylines_write_them() -> None:
    assert name_key("The Left-Herald") == name_key("the left herald") == "theleftherald"
    assert name_key("USA TODAY") == name_key("Usa Today!")
    assert domain_of("https://www.BBC.co.uk:443/news") == "bbc.co.uk"
    assert domain_of("nytimes.com") == "nytimes.com"
    assert domain_of("localhost") is None
    assert domain_of(None) is None
    index = OutletIndex(
        [
            Outlet(key="cnn", name="CNN", domain="cnn.com", group="left"),
            Outlet(key="foxnews", name="Fox News", group="right"),
        ]
    )
    assert index.match("whatever", "https://edition.cnn.com/x").name == "CNN"
    assert index.match("FOX-NEWS", None).name == "Fox News"
    assert index.match("Fox", "https://notcnn.com/") is None  # a suffix of a label is no match
    assert index.groups == ("left", "right")


def test_outlets_import_from_csv_and_json(tmp_path: Path) -> None:
    csv = tmp_path / "o.csv"
    csv.write_text(OUTLETS_CSV, encoding="utf-8")
    outlets = read_outlets(csv)
    herald = outlets[1]
    assert (herald.key, herald.domain, herald.group, herald.owner) == (
        "theleftherald",
        "leftherald.example",
        "left",
        "Herald Group",
    )
    assert outlets[0].extra == {"rating_source": "mine"}
    js = tmp_path / "o.json"
    js.write_text(
        json.dumps({"outlets": [{"name": "Kyiv Independent", "lean": "center", "country": "UA"}]}),
        encoding="utf-8",
    )
    (kyiv,) = read_outlets(js)
    assert (kyiv.group, kyiv.country) == ("center", "UA")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"domain": "x.org"}]), encoding="utf-8")
    with pytest.raises(InputError, match=r"item 0: no \"name\""):
        read_outlets(bad)


def test_outlets_list_and_reimport(
    grouped: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["outlets", "list", "--db", grouped, "--json"]) == 0
    rows = {r["name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    # Matched by domain (a subdomain, "www." and a URL in the table) and by name.
    assert {n: r["articles"] for n, r in rows.items()} == {
        "Daily Left": 1,
        "The Left Herald": 2,
        "Right Times": 2,
        "Patriot Daily": 1,
        HOSTILE_NAME: 1,
        "Centre Post": 0,
    }
    again = tmp_path / "again.json"
    again.write_text(json.dumps([{"name": "right times", "group": "center"}]), encoding="utf-8")
    assert main(["outlets", "import", str(again), "--db", grouped]) == 0
    capsys.readouterr()
    with open_store(grouped) as store:
        names = [o.name for o in store.outlets()]
        assert names[2] == "right times"
        assert len(names) == 6
    assert main(["outlets", "frobnicate", "--db", grouped]) == 2


# --- coverage and blindspots -----------------------------------------------------------------


def test_coverage_by_group(grouped: str, capsys: pytest.CaptureFixture[str]) -> None:
    by_size = {s["size"]: s["groups"] for s in _stories(grouped, capsys)}
    assert by_size == {
        4: {"left": 3, "right": 1, "center": 0},
        3: {"left": 0, "right": 3, "center": 0},
    }
    assert main(["stories", "--db", grouped]) == 0
    assert "by group: left 3 · right 1 · center 0" in capsys.readouterr().out


def test_without_an_outlet_table_there_are_no_groups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _ingest(tmp_path)
    assert all(s["groups"] == {} for s in _stories(db, capsys))
    assert main(["stories", "--db", db]) == 0
    assert "by group" not in capsys.readouterr().out
    assert main(["stories", "--db", db, "--blindspot"]) == 0
    assert "covered mostly by one group" in capsys.readouterr().err


def test_blindspot_listing(grouped: str, capsys: pytest.CaptureFixture[str]) -> None:
    spots = _stories(grouped, capsys, "--blindspot")
    assert [(s["size"], s["blindspot"]) for s in spots] == [(3, {"group": "right", "share": 1.0})]
    # 3 of 4 is 75%: mostly left only when "mostly" means 75%.
    looser = _stories(grouped, capsys, "--blindspot", "--blindspot-share", "0.75")
    assert [(s["size"], s["blindspot"]["group"]) for s in looser] == [(4, "left"), (3, "right")]
    assert _stories(grouped, capsys, "--blindspot", "--blindspot-min", "4") == []
    with open_store(grouped) as store:
        (spot,) = blindspot_stories(store, share=0.8, min_articles=3)
        assert (spot.group, spot.story.size) == ("right", 3)
    assert blindspot_group({"a": 2, "b": 0}, share=0.8, min_articles=3) is None
    assert blindspot_group({}, share=0.8, min_articles=0) is None


# --- an older store --------------------------------------------------------------------------


def test_an_old_store_migrates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    schema_version(db)
    MIGRATIONS[0](db)  # the store as the first release wrote it
    db.execute("INSERT INTO schema_version (version) VALUES (1)")
    db.execute(
        "INSERT INTO articles (id, story_id, title, text, outlet, vector)"
        " VALUES ('a1', 's1', 'Old', 'An old article.', 'Right Times', ?)",
        (np.zeros(4, dtype=np.float32).tobytes(),),
    )
    db.execute(
        "INSERT INTO stories (id, title, size, vector_sum, last_seq) VALUES ('s1', 'Old', 1, ?, 1)",
        (np.zeros(4, dtype=np.float32).tobytes(),),
    )
    db.close()
    with open_store(path) as store:
        old = store.article("a1")
        assert old is not None
        assert (old.source_id, old.metadata) == (None, {})
        with store.transaction():
            store.put_outlets([Outlet(key="righttimes", name="Right Times", group="right")])
        assert store.outlet_of(old).name == "Right Times"
        assert store.story("s1").groups == {"right": 1}
    check = sqlite3.connect(path)
    assert schema_version(check) == len(MIGRATIONS)
    check.close()


# --- the web pages ---------------------------------------------------------------------------


def test_web_groups_blindspot_and_hostile_names(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    with warnings.catch_warnings():  # starlette nudges towards httpx2; httpx still works
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from storydiff.compare import Pipeline
    from storydiff.settings import Settings
    from storydiff.web import create_app

    db = _ingest(tmp_path)
    hostile = OUTLETS_CSV.replace(",right,", f",{HOSTILE_GROUP},")
    table = tmp_path / "o.csv"
    table.write_text(hostile, encoding="utf-8")
    assert main(["outlets", "import", str(table), "--db", db]) == 0
    pipeline = Pipeline(Settings(embedder="hashing", cache=False))
    client = TestClient(create_app(pipeline=pipeline, db=db))
    listing = client.get("/stories")
    assert listing.status_code == 200
    for page in (listing.text, client.get("/blindspot").text):
        assert HOSTILE_GROUP not in page
        assert HOSTILE_NAME not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<meter" in page
        assert 'class="group-count">3<' in page
    spots = client.get("/blindspot.json").json()
    assert spots == client.get("/api/blindspot").json()
    assert [(s["story"]["size"], s["group"]) for s in spots["stories"]] == [(3, HOSTILE_GROUP)]
    assert spots["groups"] == ["left", HOSTILE_GROUP, "center"]

    story_id = spots["stories"][0]["story"]["id"]
    page = client.get(f"/stories/{story_id}").text
    assert HOSTILE_GROUP not in page
    assert "Coverage by group" in page
    detail = client.get(f"/stories/{story_id}.json").json()
    assert detail["story"]["groups"] == {"left": 0, HOSTILE_GROUP: 3, "center": 0}
    assert {a["source_id"] for a in detail["articles"]} == {"f1", "f2", "f3"}
    assert {a["metadata"]["leaning"] for a in detail["articles"]} == {"right"}
    assert {a["group"] for a in detail["articles"]} == {HOSTILE_GROUP}


def test_a_feed_entry_keeps_its_id_authors_and_tags(tmp_path: Path) -> None:
    pytest.importorskip("feedparser")
    body = (BRIDGE * 5).strip()
    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Daily Left</title><item><title>Bridge closes</title>"
        "<link>https://dailyleft.example/a/1</link><guid>urn:daily:1</guid>"
        "<dc:creator>Jane Doe</dc:creator><category>Roads</category>"
        f"<description>{body}</description></item></channel></rss>",
        encoding="utf-8",
    )
    (article,) = [a for a in iter_articles([str(feed)]) if isinstance(a, Article)]
    assert article.source_id == "urn:daily:1"
    assert article.metadata == {"authors": ["Jane Doe"], "tags": ["Roads"]}
