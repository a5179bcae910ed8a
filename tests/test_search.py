"""Arabic full-text search (crawler/archive/search.py, crawler/readers/search.py, ``scrapy search``):
the normalisation of text and query, the index on both backends, kept current by every store,
update, delete and reparse, migration 0003 on an old archive, and the command's output."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from crawler.archive import schema
from crawler.archive.neardup import normalize
from crawler.archive.search import parse_query, written_forms
from crawler.archive.storage import open_storage, to_article
from crawler.readers import records
from crawler.readers.search import hits, snippet
from tests.archives import article, fixture_archive, fixture_archive_on, sqlite_rows, store
from tests.conftest import run_scrapy

WHEAT_2018 = "تجار يشترون محصول القمح في إدلب بأسعار متدنية"  # orient_news 150733, in the fixture archive


def found(db_url: str, query: str, **filters) -> list[str]:
    """article ids of the hits, best first."""
    storage = open_storage(db_url)
    try:
        with storage.engine.connect() as conn:
            got, total = hits(conn, records.Filters.parse(search=query, **filters), limit=50)
    finally:
        storage.close()
    assert total == len(got)
    return [h.article_id for h in got]


# -- normalisation: the text as written, the query as typed ---------------------------------------------
# (what the article says, what a reader types, what both become)
CASES = [
    ("hamza above", "أحمد", "احمد", "احمد"),
    ("hamza below", "إدلب", "ادلب", "ادلب"),
    ("madda", "آمنة", "امنه", "امنه"),
    ("wasla", "ٱلقرية", "القريه", "القريه"),
    ("ta marbuta", "المدينة", "المدينه", "المدينه"),
    ("alef maqsura", "مستشفى", "مستشفي", "مستشفي"),
    ("harakat in the text", "سُورِيَّة", "سورية", "سوريه"),
    ("harakat in the query", "دمشق", "دِمَشْق", "دمشق"),
    ("tatweel", "حمـــاة", "حماة", "حماه"),
    ("combining hamza", "ا\u0655عزاز", "إعزاز", "اعزاز"),
]


@pytest.mark.parametrize("case,written,typed,both", CASES, ids=[c[0] for c in CASES])
def test_text_and_query_normalise_alike(case, written, typed, both):
    assert normalize(written) == normalize(typed) == both
    assert parse_query(typed).words == (both,)
    assert parse_query(typed).fts5() == "(" + " OR ".join(f'"{form}"' for form in written_forms(both)) + ")"


def test_queries_words_and_phrases():
    query = parse_query('قصف "ريفِ إدلب الجنوبي" على، مستشفى')
    assert query.words == ("قصف", "علي", "مستشفي") and query.phrases == (("ريف", "ادلب", "الجنوبي"),)
    assert query.fts5() == " AND ".join(
        [
            '("قصف" OR "وقصف" OR "فقصف" OR "بقصف" OR "لقصف" OR "وبقصف" OR "ولقصف" OR "فبقصف" OR "فلقصف")',
            '("علي" OR "وعلي" OR "فعلي" OR "بعلي" OR "لعلي" OR "وبعلي" OR "ولعلي" OR "فبعلي" OR "فلعلي")',
            "(" + " OR ".join(f'"{form}"' for form in written_forms("مستشفي")) + ")",
            "(" + " OR ".join(f'"{form} ادلب الجنوبي"' for form in written_forms("ريف")) + ")",
        ]
    )
    assert parse_query("Reuters حر").fts5() == '"reuters" AND "حر"'  # not Arabic, or too short: as typed
    assert not parse_query(' "" ، . - ')
    assert parse_query('"ادلب').words == ("ادلب",)  # an unbalanced quote: the rest, one word a word


def test_every_spelling_finds_the_article_on_both_backends(any_db_url):
    store(
        any_db_url,
        *(
            article("orient_news", str(i), f"خبر {i}", f"نص فيه كلمة {written} وحدها", "2020-05-01T10:00:00+03:00")
            for i, (_, written, _, _) in enumerate(CASES)
        ),
    )
    for i, (case, written, typed, _) in enumerate(CASES):
        assert found(any_db_url, typed) == [str(i)], case
        assert found(any_db_url, written) == [str(i)], case
    assert sorted(found(any_db_url, "كلمة وحدها"), key=int) == [str(i) for i in range(len(CASES))]  # every word
    assert found(any_db_url, '"وحدها كلمة"') == []  # a phrase keeps its order
    assert found(any_db_url, "ادلب", outlets=["furat_post"]) == []


# (what the article says, what a reader types)
PROCLITIC_CASES = [
    ("bi- on a name", "وصل الوفد بدمشق صباحاً", "دمشق"),
    ("wa- on a name", "في حلب ودمشق معاً", "دمشق"),
    ("li- on a name", "زيارة لدمشق قريبة", "دمشق"),
    ("wa- before the article", "وقال والمرصد أيضاً", "المرصد"),
    ("bi- before the article", "أفاد بالمرصد مصدر", "المرصد"),
    ("li- with the article", "وفقاً للمرصد السوري", "المرصد"),
    ("wa-li- with the article", "وللمرصد رأي آخر", "المرصد"),
    ("ka- before the article", "كالعادة تأخر الخبز", "العاده"),
    ("a phrase's first word", "القصف بريف إدلب الجنوبي", '"ريف ادلب"'),
]


def test_a_word_is_found_with_the_prefixes_arabic_writes_on_it_on_both_backends(any_db_url):
    """ "دمشق" finds "بدمشق", "المرصد" finds "للمرصد": conjunctions, prepositions and the article are
    written on the word, and the index holds words as written."""
    store(
        any_db_url,
        *(
            article("furat_post", str(i), f"عنوان {i}", f"نص أول. {written}", "2021-03-01T10:00:00+02:00")
            for i, (_, written, _) in enumerate(PROCLITIC_CASES)
        ),
        article("furat_post", "99", "عنوان آخر", "كامل الأمل في دمشق", "2021-03-01T10:00:00+02:00"),
    )
    for i, (case, _, typed) in enumerate(PROCLITIC_CASES):
        assert str(i) in found(any_db_url, typed), case
    assert found(any_db_url, "امل") == []  # a bare kaf is no prefix: "كامل" is another word
    assert found(any_db_url, "بدمشق") == ["0"]  # typed with its prefix: as typed
    assert found(any_db_url, '"ادلب ريف"') == []  # a phrase still keeps its order


def test_search_is_current_after_every_store_update_and_delete(any_db_url):
    first = article(
        "orient_news", "7", "قصف على سراقب", "استهدف القصف مدينة سراقب صباح اليوم", "2020-02-01T09:00:00+02:00"
    )
    store(
        any_db_url,
        first,
        article("furat_post", "8", "أخبار الرقة", "ارتفاع أسعار الخبز في الرقة", "2020-02-02T09:00:00+02:00"),
    )
    assert found(any_db_url, "سراقب") == ["7"]
    # an update (a refresh found the page changed): the old words go, the new ones come
    store(
        any_db_url,
        article(
            "orient_news", "7", "قصف على معرة النعمان", "استهدف القصف مدينة معرة النعمان", "2020-02-01T09:00:00+02:00"
        ),
    )
    assert found(any_db_url, "سراقب") == []
    assert found(any_db_url, "معره النعمان") == ["7"] and found(any_db_url, "الرقة") == ["8"]
    storage = open_storage(any_db_url)
    try:
        assert (storage.get("orient_news", "7") or {}).get("revision") == 2
        with storage.engine.begin() as conn:
            conn.execute(text("DELETE FROM articles WHERE article_id = '8'"))
    finally:
        storage.close()
    assert found(any_db_url, "الرقة") == []
    if any_db_url.startswith("sqlite"):  # the FTS5 index holds exactly the stored rows
        rows = sqlite_rows(any_db_url, "SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH 'النعمان'")
        assert rows == [{"n": 1}]
        raw = sqlite3.connect(any_db_url[len("sqlite:///") :])
        try:  # FTS5's own check of the index against the articles it indexes (raises when they differ)
            raw.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        finally:
            raw.close()


def test_search_is_current_after_a_reparse_on_both_backends(any_db_url, tmp_path):
    """A record stored with wrong text (an old parser's): ``scrapy reparse`` puts the page's text back,
    and the index follows."""
    url = fixture_archive_on(any_db_url, tmp_path)
    # the committed archive was written by an older extractor: a first reparse brings every record to
    # today's, so that the one made wrong below is the only one the second reparse changes
    first = run_scrapy(["reparse", "orient_news"], url, tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    assert found(url, "ادلب القمح") == ["150733"]
    storage = open_storage(url)
    try:
        stored = storage.get("orient_news", "150733")
        assert stored is not None
        wrong = dict(stored, title="عنوان قديم خاطئ", body=stored["body"].replace("إدلب", "مكان"))
        storage.upsert(to_article(wrong))
    finally:
        storage.close()
    assert found(url, "ادلب القمح") == [] and found(url, "عنوان قديم خاطئ") == ["150733"]
    done = run_scrapy(["reparse", "orient_news"], url, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"\bupdated=1\b", done.stderr.splitlines()[-1])  # that record, and no other
    assert found(url, "ادلب القمح") == ["150733"] and found(url, "عنوان قديم خاطئ") == []
    assert found(url, "ادلب") == found(url, "إدلب") and len(found(url, "ادلب")) == 6


# -- migration 0003 ---------------------------------------------------------------------------------------
def test_migration_0003_indexes_an_old_archive_and_a_later_batch_migration_keeps_the_index(tmp_path):
    url = fixture_archive(tmp_path)  # pre-migrations -> head
    assert sqlite_rows(url, "SELECT count(*) AS n FROM articles_fts") == sqlite_rows(
        url, "SELECT count(*) AS n FROM articles"
    )
    assert found(url, "ادلب")  # filled for the rows that were there
    # a later revision that recreates articles (Alembic batch mode on SQLite drops its triggers)
    versions = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, versions, ignore=shutil.ignore_patterns("__pycache__"))
    (versions / "versions" / "0099_recreate.py").write_text(
        'revision = "0099"\ndown_revision = "' + schema.head() + '"\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        "def upgrade():\n"
        '    with op.batch_alter_table("articles", recreate="always") as batch:\n'
        '        batch.add_column(sa.Column("extra", sa.Text))\n',
        encoding="utf-8",
    )
    from alembic import command

    from crawler.archive.storage import engine_for_migrations

    config = schema.alembic_config()
    config.set_main_option("script_location", str(versions))
    engine = engine_for_migrations(url)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    triggers = {r["name"] for r in sqlite_rows(url, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert triggers == set(schema.SEARCH_FTS_TRIGGERS)  # put back by the migrations' env.py
    # and the index follows updates again
    raw = sqlite3.connect(url[len("sqlite:///") :])
    raw.execute("UPDATE articles SET search_text = 'كلمه زنزلخت' WHERE article_id = '150733'")
    raw.commit()
    raw.close()
    assert sqlite_rows(url, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"زنزلخت\"'") == sqlite_rows(
        url, "SELECT id AS rowid FROM articles WHERE article_id = '150733'"
    )


# -- snippets and the command ------------------------------------------------------------------------------
def test_the_snippet_is_the_text_as_written_with_the_match_marked():
    body = " ".join(f"كلمة{i}" for i in range(40)) + " في ريف إدلب، الجنوبي " + " ".join(f"تالي{i}" for i in range(40))
    got = snippet(body, ["ادلب"])
    assert "[إدلب،]" in got and got.startswith("… ") and got.endswith(" …")
    assert len(got.split()) <= 30
    assert snippet("بداية النص فقط", ["غائب"]) == "بداية النص فقط"


def test_scrapy_search_prints_the_best_hits(tmp_path):
    url = fixture_archive(tmp_path / "archive")
    done = run_scrapy(["search", "ادلب", "--limit", "2"], url, tmp_path)
    assert done.returncode == 0, done.stderr
    blocks = [b.splitlines() for b in done.stdout.strip().split("\n\n")]
    assert len(blocks) == 2
    for day, link, cut in blocks:
        assert day[:4].isdigit() and "  orient_news  " in day and "إدلب" in day + cut
        assert link.strip().startswith("https://orient-news.net/") and "[إدلب" in cut
    assert done.stderr.strip() == "6 articles match (searched as: ادلب); the best 2 shown"
    window = run_scrapy(["search", "إدلب", "--since", "2018-01-01", "--until", "2018-12-31"], url, tmp_path)
    assert window.returncode == 0 and WHEAT_2018 in window.stdout and "2 articles match" in window.stderr
    none = run_scrapy(["search", "كلمةغيرموجودة"], url, tmp_path)
    assert none.returncode == 1 and none.stdout == "" and none.stderr.startswith("no article matches")
    bad = run_scrapy(["search", "ادلب", "--limit", "x"], url, tmp_path)
    assert bad.returncode == 2 and bad.stderr.splitlines() == [
        "error: --limit takes a whole number of at least 1, not 'x'"
    ]


def test_a_missing_archive_is_one_line_and_exit_1(tmp_path):
    missing = tmp_path / "none.db"
    done = run_scrapy(["search", "ادلب"], f"sqlite:///{missing}", tmp_path)
    assert done.returncode == 1 and done.stderr.splitlines() == [
        f"error: no archive at {missing} (set NEWS_DB_URL to the archive)"
    ]
    assert not Path(missing).exists()  # not created empty
