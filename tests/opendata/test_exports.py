"""The open-data files are written ahead of time and served as static files.

A download costs no rendering, is the same file for every visitor, can be resumed, and is never
cut off by a worker's timeout; the files follow the data a few minutes after a change.
"""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ideas.models import Status
from opendata import exports, tasks
from tests.factories import change_status, make_idea

pytestmark = pytest.mark.django_db

IDEAS = "/oppna-data/ideer.csv"
WORKBOOK = "/oppna-data/statusandringar.xlsx"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def worker_queue(settings):
    """The production task backend: tasks wait in the database for the worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.EXPORTS_DELAY_SECONDS = 120


def _waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=tasks.build_exports.module_path))


def test_a_download_is_a_file_with_validators_and_its_length(client):
    make_idea(title="Första idén")
    response = client.get(IDEAS, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response.status_code == 200
    body = _body(response)
    assert "Första idén" in body.decode("utf-8-sig")
    assert int(response["Content-Length"]) == len(body)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "public, no-cache"
    assert not response.has_header("Content-Encoding")


def test_a_client_that_has_the_file_gets_304(client):
    first = client.get(IDEAS)
    _body(first)
    again = client.get(IDEAS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert _body(again) == b""
    since = client.get(IDEAS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_download_resumes_from_where_it_stopped(client):
    for number in range(30):
        make_idea(title=f"Idé nummer {number}")
    whole = client.get(WORKBOOK)
    body = _body(whole)
    rest = client.get(WORKBOOK, HTTP_RANGE="bytes=1000-", HTTP_IF_RANGE=whole["ETag"])
    assert rest.status_code == 206
    assert rest["Content-Range"] == f"bytes 1000-{len(body) - 1}/{len(body)}"
    assert body[:1000] + _body(rest) == body
    last = client.get(WORKBOOK, HTTP_RANGE="bytes=-10")
    assert (last.status_code, _body(last)) == (206, body[-10:])
    beyond = client.get(WORKBOOK, HTTP_RANGE=f"bytes={len(body) + 5}-")
    assert beyond.status_code == 416


def test_resuming_a_file_that_was_made_again_gives_the_whole_new_file(client):
    make_idea(title="Före")
    old = client.get(IDEAS)
    _body(old)
    make_idea(title="Efter")  # the next download finds the files older than the data
    response = client.get(IDEAS, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=old["ETag"])
    assert response.status_code == 200
    assert "Efter" in _body(response).decode("utf-8-sig")
    dated = client.get(
        IDEAS, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE="Thu, 01 Jan 2015 00:00:00 GMT"
    )
    assert dated.status_code == 200


def test_the_filename_carries_the_day_the_data_is_from(client, monkeypatch):
    made = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)  # 2 March in Stockholm
    monkeypatch.setattr(timezone, "now", lambda: made)
    exports.build()
    response = client.get(IDEAS)
    assert response["Content-Disposition"] == 'attachment; filename="ideer-2026-03-02.csv"'


def test_no_change_no_new_files(client):
    make_idea()
    first = exports.build()
    assert exports.build() == first
    assert client.get(IDEAS)["ETag"] == client.get(IDEAS)["ETag"]


def test_a_new_build_keeps_the_files_of_the_one_before_and_removes_older_ones(settings):
    root = settings.EXPORTS_ROOT
    builds = []
    for number in range(3):
        make_idea(title=f"Idé {number}")
        builds.append(exports.build())
    root.joinpath("README.txt").write_text("an operator's own file")
    make_idea()
    builds.append(exports.build())
    paths = [{e.path for e in build.exports.values()} for build in builds]
    for path in paths[0] | paths[1]:
        assert not path.exists(), path
    for path in paths[2] | paths[3]:
        assert path.exists(), path
    assert root.joinpath("README.txt").exists()
    assert not list(root.glob(".*.tmp"))


def test_every_file_comes_from_the_same_state_of_the_data(client):
    idea = make_idea()
    change_status(idea, Status.PREPARING)
    build = exports.build()
    assert {export.rows for name, export in build.exports.items() if "ideer" in name} == {1}
    assert {export.rows for name, export in build.exports.items() if "status" in name} == {2}


def test_a_change_asks_the_worker_for_new_files_a_while_later_once(
    worker_queue, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        make_idea()
    with django_capture_on_commit_callbacks(execute=True):
        make_idea()
    (waiting,) = _waiting()
    assert waiting.run_after >= before + datetime.timedelta(seconds=120)
    # The worker writes them; the next change asks again.
    waiting.task.call()
    assert exports.is_current(exports.current())
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        make_idea()
    assert len(_waiting()) == 1


def test_a_download_before_the_first_files_says_so_and_asks_for_them(client, worker_queue):
    response = client.get(IDEAS)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Filen görs i ordning" in response.text
    assert 'name="robots" content="noindex"' in response.text
    (waiting,) = _waiting()
    assert waiting.run_after > timezone.now() + datetime.timedelta(days=365)  # that is: at once
    english = client.get(f"/en{IDEAS}")
    assert english.status_code == 503
    assert "The file is being made" in english.text
    assert len(_waiting()) == 1


def test_a_download_of_older_files_gets_them_and_asks_for_new_ones(client, worker_queue):
    make_idea(title="Gammal idé")
    exports.build()
    make_idea(title="Ny idé")
    response = client.get(IDEAS)
    text = _body(response).decode("utf-8-sig")
    assert "Gammal idé" in text
    assert "Ny idé" not in text
    (waiting,) = _waiting()
    assert waiting.run_after > timezone.now() + datetime.timedelta(seconds=60)


def test_a_download_renders_nothing_and_reads_no_rows(client, django_assert_max_num_queries):
    for _ in range(20):
        make_idea()
    exports.build()
    with django_assert_max_num_queries(1) as queries:
        _body(client.get(IDEAS))
    assert "pagecache_version" in queries.captured_queries[0]["sql"]


def test_the_page_says_when_the_files_were_made_and_how_large_they_are(client, monkeypatch):
    made = datetime.datetime(2026, 11, 30, 8, 5, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: made)
    build = exports.build()
    html = client.get("/oppna-data/").text
    assert 'De här gjordes <time datetime="2026-11-30">30 november 2026</time> kl. 9.05.' in html
    size = build.exports["ideer.xlsx"].size
    assert f"Alla idéer (Excel)</a> ({size / 1024:.1f}\xa0kB)".replace(".", ",") in html
    english = client.get("/en/oppna-data/").text
    assert "These were made on" in english


def test_before_the_first_files_the_page_still_links_them(client):
    html = client.get("/oppna-data/").text
    assert "görs nu" in html
    assert 'href="/oppna-data/ideer.csv" download' in html


def test_the_command_writes_the_files(db, settings, capsys):
    from django.core.management import call_command

    make_idea()
    call_command("build_exports")
    out = capsys.readouterr().out
    assert "ideer-" in out
    assert exports.is_current(exports.current())
