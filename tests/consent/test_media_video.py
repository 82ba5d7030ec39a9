"""Videos in the media library (harbour/accounts/videos.py, harbour/consent/video.py): a video filmed with
its location is kept as it came only until the worker has encoded it again, and what is then stored and
served carries no location, no metadata and no track but its pictures and sound, turned upright; until
then nobody can see it; a wrong, damaged, too long or too large file is refused with a clear message and
nothing kept; the file is served in the byte ranges a browser asks for to play it, only to members who
may read the register."""

import io
from io import StringIO

import av
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harbour.accounts.access import NotAllowed
from harbour.accounts.uploads import UNSATISFIABLE, byte_range
from harbour.audit.models import AuditEvent
from harbour.consent import media, services, video
from harbour.consent.media_views import consent_of
from harbour.consent.models import MediaAsset, MediaState
from harbour.privacy import services as privacy
from tests.videos import LOCATION, make_video

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def clip(name="camp.mp4", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_video(**options), content_type="video/mp4")


def add(org, by, upload, **changes):
    fields = {
        "title": "Summer camp, canoeing",
        "alt_text": "Two canoes cross a calm lake at sunset",
        "shows": "nobody",
        "source": "own",
    } | changes
    return media.add_asset(org, by=by, upload=upload, **fields)


@pytest.fixture
def run_prepare_tasks(django_capture_on_commit_callbacks):
    """The worker's turn: each prepare_video task run, with what it leaves for after the commit (the
    upload's deletion) done too."""

    def run() -> list[str]:
        outcomes = []
        for result in DBTaskResult.objects.filter(task_path="harbour.consent.video.prepare_video"):
            with django_capture_on_commit_callbacks(execute=True):
                outcomes.append(video.prepare_video.call(**result.args_kwargs["kwargs"]))
            result.delete()
        return outcomes

    return run


def stored_files(tmp_path) -> list:
    return [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_video_filmed_with_its_location_is_stored_without_it(org, author, tmp_path, run_prepare_tasks):
    original = make_video(1, location=LOCATION)
    assert LOCATION.encode() in original  # the test file really says where it was filmed
    asset = add(org, author, SimpleUploadedFile("camp.mp4", original))
    assert asset.state == MediaState.PREPARING and not asset.ready and not asset.file
    assert asset.incoming.name.startswith(f"consent/{org.pk}/incoming/")
    assert [p.name for p in stored_files(tmp_path)] == [asset.incoming.name.rsplit("/", 1)[1]]

    assert run_prepare_tasks() == ["ready"]
    asset.refresh_from_db()
    assert asset.ready and not asset.incoming and asset.mime_type == "video/mp4" and len(asset.sha256) == 64
    assert (asset.width, asset.height, asset.duration_ms) == (320, 240, 1000)
    [kept] = stored_files(tmp_path)  # the upload, location and all, is gone
    content = kept.read_bytes()
    assert LOCATION.encode() not in content and b"51.5007" not in content and b"Filmed at" not in content
    assert b"\xa9xyz" not in content and b"Lavf" not in content  # no place, not even the encoder's name
    with av.open(io.BytesIO(content)) as stored:
        assert [s.type for s in stored.streams] == ["video", "audio"]
        assert not {"location", "location-eng", "comment"} & set(stored.metadata)
        assert all("location" not in s.metadata for s in stored.streams)
        assert stored.streams.video[0].codec_context.name == "h264"
    assert content.index(b"moov") < content.index(b"mdat")  # plays before it has all arrived
    assert AuditEvent.objects.filter(action="consent.media_prepared").count() == 1
    assert run_prepare_tasks() == []  # nothing left to do


def test_a_video_filmed_sideways_is_turned_upright_and_a_large_one_made_smaller(
    org, author, run_prepare_tasks
):
    sideways = add(org, author, clip(rotation=90))
    large = add(org, author, clip(name="hall.mov", width=1920, height=1080, audio=False))
    run_prepare_tasks()
    sideways.refresh_from_db()
    large.refresh_from_db()
    assert (sideways.width, sideways.height) == (240, 320)
    assert (large.width, large.height) == (1280, 720)
    with large.file.open("rb") as handle, av.open(handle) as stored:
        assert [s.type for s in stored.streams] == ["video"]
    with sideways.file.open("rb") as handle, av.open(handle) as stored:
        frame = next(stored.decode(video=0))
        assert (frame.width, frame.height) == (240, 320) and not frame.rotation


def test_running_the_task_twice_keeps_one_file(org, author, tmp_path, django_capture_on_commit_callbacks):
    asset = add(org, author, clip())
    with django_capture_on_commit_callbacks(execute=True):
        assert video.prepare(asset.pk) == "ready"
    assert video.prepare(asset.pk) == "gone"
    assert len(stored_files(tmp_path)) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.mp4", b"just words, not a video", "must be a png or jpeg image, or an mp4 or mov video"),
        ("camp.avi", make_video(1), "must be a png or jpeg image, or an mp4 or mov video"),
        ("broken.mp4", make_video(1)[:40], "could not be read"),
    ],
)
def test_bad_videos_are_refused_with_a_clear_message_and_nothing_kept(
    org, author, tmp_path, name, content, message
):
    with pytest.raises(NotAllowed) as refused:
        add(org, author, SimpleUploadedFile(name, content))
    assert message in str(refused.value).lower()
    assert not MediaAsset.objects.exists() and not stored_files(tmp_path)


def test_too_long_and_too_large_videos_are_refused(org, author, settings, tmp_path):
    settings.HARBOUR_MAX_VIDEO_SECONDS = 2
    with pytest.raises(NotAllowed, match=r"The video is 3 seconds long: it must be at most 2 seconds"):
        add(org, author, clip(seconds=3))
    settings.HARBOUR_MAX_VIDEO_BYTES = 1000
    with pytest.raises(NotAllowed, match="must be smaller than 1000"):
        add(org, author, clip())
    assert not MediaAsset.objects.exists() and not stored_files(tmp_path)


def test_a_video_that_cannot_be_encoded_fails_with_its_reason(org, author, tmp_path, run_prepare_tasks):
    asset = add(org, author, clip(seconds=2))
    with asset.incoming.open("rb") as handle:
        whole = handle.read()
    cut = whole[: len(whole) // 3]  # the headers read, the pictures cut short
    asset.incoming.storage.delete(asset.incoming.name)
    with asset.incoming.storage.open(asset.incoming.name, "wb") as handle:
        handle.write(cut if whole.index(b"moov") < whole.index(b"mdat") else b"\x00" * 64)
    assert run_prepare_tasks() == ["failed"]
    asset.refresh_from_db()
    assert asset.state == MediaState.FAILED and "could not be read" in asset.problem
    assert not asset.incoming and not stored_files(tmp_path)
    assert "could not be prepared" in " ".join(consent_of(asset)["problems"])
    assert AuditEvent.objects.filter(action="consent.media_failed").count() == 1


def test_the_page_takes_a_video_and_serves_it_in_ranges_only_when_ready(
    org, author, reviewer, outsider, client_for, run_prepare_tasks
):
    client = client_for(author)
    response = client.post(
        reverse("consent:media_add"),
        {
            "file": clip(),
            "title": "Camp film",
            "alt_text": "Young people paddle canoes",
            "shows": "nobody",
            "source": "own",
        },
    )
    assert response.status_code == 302
    asset = MediaAsset.objects.get()
    url = reverse("consent:media_file", args=[asset.pk])
    page = client.get(reverse("consent:media_asset", args=[asset.pk]))
    assert b"Video being prepared" in page.content and b"hx-trigger" in page.content
    assert client.get(url).status_code == 404  # the upload as it came is never served
    run_prepare_tasks()
    asset.refresh_from_db()
    with asset.file.open("rb") as handle:
        whole = handle.read()

    viewer = client_for(reviewer)
    full = viewer.get(url)
    assert (
        full.status_code == 200 and full["Content-Type"] == "video/mp4" and full["Accept-Ranges"] == "bytes"
    )
    assert b"".join(full.streaming_content) == whole
    part = viewer.get(url, headers={"Range": "bytes=100-299"})
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-299/{len(whole)}"
    assert part["Content-Length"] == "200" and b"".join(part.streaming_content) == whole[100:300]
    tail = viewer.get(url, headers={"Range": "bytes=-50"})
    assert b"".join(tail.streaming_content) == whole[-50:]
    past = viewer.get(url, headers={"Range": f"bytes={len(whole)}-"})
    assert past.status_code == 416 and past["Content-Range"] == f"bytes */{len(whole)}"
    assert past["X-Content-Type-Options"] == "nosniff"
    page = viewer.get(reverse("consent:media_asset", args=[asset.pk]))
    assert (
        b"<video controls" in page.content
        and 'aria-label="\u2068Young people paddle canoes\u2069"'.encode() in page.content
    )
    assert b"hx-trigger" not in page.content
    assert client_for(outsider).get(url, headers={"Range": "bytes=0-9"}).status_code == 404


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-9", (0, 9)),
        ("BYTES=5-", (5, 99)),
        ("bytes=90-500", (90, 99)),
        ("bytes=-10", (90, 99)),
        ("bytes=-500", (0, 99)),
        ("bytes=100-", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=9-3", None),  # not a valid range: the whole file
        ("bytes=0-1,5-6", None),  # several: the whole file
        ("items=0-9", None),
        ("bytes=a-b", None),
        ("bytes=-", None),
    ],
)
def test_byte_ranges(header, expected):
    assert byte_range(header, 100) == expected


def test_erasing_someone_in_a_video_being_prepared_deletes_the_upload(
    org, author, manager, tmp_path, django_capture_on_commit_callbacks
):
    asset = add(org, author, clip(location=LOCATION), shows="young_people")
    kai = services.add_person(
        org, by=author, kind="young_person", first_name="Kai", last_name="Morgan", age_band="13_15"
    )
    media.tag_person(asset, kai, by=author)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase(org, by=manager, person=kai, requester="Kai", received_on=timezone.localdate())
    asset.refresh_from_db()
    assert asset.state == MediaState.FAILED and not asset.incoming and not stored_files(tmp_path)
    assert video.prepare(asset.pk) == "gone"  # the task, when it comes, finds nothing to prepare


def test_the_demo_has_a_prepared_film_that_waits_for_one_familys_video_consent(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    film = MediaAsset.objects.get(title="Youth council: our film")
    assert film.ready and film.kind == "video" and film.duration_ms == 4000 and not film.incoming
    with film.file.open("rb") as handle:
        assert b"52.9225" not in handle.read()  # the made-up place it was "filmed" is gone
    standing = consent_of(film)
    assert not standing["ok"]
    assert [row["person"].first_name for row in standing["people"] if not row["ok"]] == ["Maya"]


def test_an_iphone_style_hevc_video_is_taken_and_comes_out_h264(org, author, run_prepare_tasks):
    asset = add(org, author, clip(name="IMG_0042.MOV", codec="libx265", container="mov"))
    assert run_prepare_tasks() == ["ready"]
    asset.refresh_from_db()
    with asset.file.open("rb") as handle, av.open(handle) as stored:
        assert stored.streams.video[0].codec_context.name == "h264"


def test_sound_alone_is_refused(org, author, tmp_path):
    with pytest.raises(NotAllowed, match="The file has no pictures: upload a video"):
        add(org, author, clip(name="song.m4v", pictures=False))
    assert not stored_files(tmp_path)
