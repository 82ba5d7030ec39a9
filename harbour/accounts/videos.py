"""Uploaded videos are decoded and encoded again with PyAV (FFmpeg's libraries) before anyone can see or
post them (docs/security.md G1; docs/consent.md "Videos").

A phone's video says where it was filmed (moov/udta/©xyz, or a timed metadata track), and names the phone;
action cameras and drones put their GPS track in data or subtitle tracks, or in the video's own SEI
messages. Copying the streams into a new file would keep the SEI messages, so nothing is copied:
- only the first video stream and the first audio stream are read; every other track is left behind;
- the pictures are decoded and encoded again (H.264 by libx264), turned upright where the file says to
  rotate them, at most 30 frames a second, and scaled so the longer side is at most
  HARBOUR_VIDEO_LONG_SIDE;
- the sound is decoded and encoded again (AAC);
- the file is written new with no metadata (bitexact: not even the encoder's name) and its index at the
  front (faststart), so that a browser starts playing before it has the whole file.

probe() reads only the headers, so the web request that takes the upload can refuse what is not a video,
too long or too large a picture without decoding any of it. encode() takes seconds for each minute of
video, so it runs in the worker (harbour/consent/video.py).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import av
from django.conf import settings

MAX_FRAME_PIXELS = 4096 * 2304  # 4K (DCI) and a little more; decoding holds a frame or two at a time
MAX_RATE = 30
CONTAINERS = ("mov", "mp4")  # FFmpeg's "mov,mp4,m4a,3gp,3g2,mj2" demuxer
MIME_TYPE = "video/mp4"


class BadVideo(ValueError):
    """The video cannot be accepted; the message says why, in words to show the person."""


@dataclass(frozen=True)
class VideoInfo:
    width: int  # as shown: after rotation
    height: int
    duration_ms: int
    has_audio: bool


def _unreadable() -> BadVideo:
    return BadVideo("The video could not be read. It may be damaged: save or export it again, then upload it")


def _too_long(seconds: float) -> BadVideo:
    cap = settings.HARBOUR_MAX_VIDEO_SECONDS
    return BadVideo(
        f"The video is {_duration(seconds)} long: it must be at most {_duration(cap)}. Trim it and try again"
    )


def _duration(seconds: float) -> str:
    minutes, rest = divmod(math.ceil(seconds), 60)
    if not minutes:
        return f"{rest} seconds"
    return f"{minutes} minute{'s' if minutes != 1 else ''}" + (f" {rest} seconds" if rest else "")


def _rotation(value) -> int:
    """Degrees clockwise to turn the pictures upright (0, 90, 180 or 270), from the display matrix's angle
    (counterclockwise), as FFmpeg's own command line does."""
    if not value:
        return 0
    return round(-float(value) / 90) % 4 * 90


def _open(source):
    source.seek(0) if hasattr(source, "seek") else None
    try:
        container = av.open(source, "r")
    except (av.FFmpegError, ValueError, OSError):
        raise _unreadable() from None
    if not any(name in CONTAINERS for name in container.format.name.split(",")):
        container.close()
        raise BadVideo("The file must be an MP4 or MOV video")
    return container


def probe(source) -> VideoInfo:
    """What the headers say: refuses what is not an MP4 or MOV video with pictures, longer than
    HARBOUR_MAX_VIDEO_SECONDS, or with frames above MAX_FRAME_PIXELS. Nothing is decoded but one frame,
    for its rotation."""
    container = _open(source)
    with container:
        if not container.streams.video:
            raise BadVideo("The file has no pictures: upload a video")
        stream = container.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        if not width or not height:
            raise _unreadable()
        if width * height > MAX_FRAME_PIXELS:
            raise BadVideo("The video's picture is larger than 4K. Export it at 4K or smaller and try again")
        seconds = _seconds(container, stream)
        if seconds is None:
            raise _unreadable()
        if seconds > settings.HARBOUR_MAX_VIDEO_SECONDS:
            raise _too_long(seconds)
        try:
            first = next(container.decode(stream))
        except (av.FFmpegError, StopIteration, ValueError):
            raise _unreadable() from None
        if _rotation(first.rotation) in (90, 270):
            width, height = height, width
        return VideoInfo(width, height, round(seconds * 1000), bool(container.streams.audio))


def _seconds(container, stream) -> float | None:
    if container.duration:
        return container.duration / av.time_base
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def _size(width: int, height: int) -> tuple[int, int]:
    """At most HARBOUR_VIDEO_LONG_SIDE on the longer side, never larger than it was; even numbers (H.264's
    4:2:0 pictures need them)."""
    scale = min(1.0, settings.HARBOUR_VIDEO_LONG_SIDE / max(width, height))
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def encode(source, destination) -> VideoInfo:
    """`source` (a path or file, already probed) encoded again into `destination` (a path) as described
    above. BadVideo if it cannot be read, or turns out longer than the cap whatever its header said."""
    container = _open(source)
    with container:
        if not container.streams.video:
            raise BadVideo("The file has no pictures: upload a video")
        video_in = container.streams.video[0]
        audio_in = container.streams.audio[0] if container.streams.audio else None
        for stream in container.streams:
            if stream not in (video_in, audio_in):
                stream.discard = "all"
        rate = video_in.average_rate or video_in.guessed_rate or Fraction(MAX_RATE)
        rate = min(Fraction(rate).limit_denominator(1001), Fraction(MAX_RATE))
        try:
            return _encode(container, video_in, audio_in, rate, destination)
        except (av.FFmpegError, ValueError, OSError) as error:
            if isinstance(error, BadVideo):
                raise
            raise _unreadable() from None


def _encode(container, video_in, audio_in, rate, destination) -> VideoInfo:
    cap = settings.HARBOUR_MAX_VIDEO_SECONDS
    with av.open(
        str(destination),
        "w",
        format="mp4",
        container_options={"movflags": "+faststart", "fflags": "+bitexact"},
    ) as out:
        video_out = out.add_stream("libx264", rate=rate, options={"preset": "veryfast", "crf": "23"})
        video_out.pix_fmt = "yuv420p"
        audio_out = resampler = None
        if audio_in is not None:
            audio_out = out.add_stream("aac", rate=48000)
            audio_out.layout = "stereo" if audio_in.codec_context.channels >= 2 else "mono"
            audio_out.bit_rate = 128_000
            resampler = av.AudioResampler(format="fltp", layout=audio_out.layout.name, rate=48000)
        graph = None
        frames = 0
        size = (0, 0)
        streams = [s for s in (video_in, audio_in) if s is not None]
        for packet in container.demux(*streams):
            for frame in packet.decode():
                if isinstance(frame, av.AudioFrame):
                    if frame.time is not None and frame.time > cap + 1:
                        continue
                    for resampled in resampler.resample(frame):
                        out.mux(audio_out.encode(resampled))
                    continue
                if graph is None:
                    graph, size = _graph(video_in, frame, rate)
                    video_out.width, video_out.height = size
                graph.vpush(frame)
                frames += _drain(graph, out, video_out, frames, rate)
                if frames > (cap + 1) * rate:
                    raise _too_long(frames / rate)
        if graph is None:
            raise _unreadable()
        graph.vpush(None)
        frames += _drain(graph, out, video_out, frames, rate)
        out.mux(video_out.encode(None))
        if audio_out is not None:
            for resampled in resampler.resample(None):
                out.mux(audio_out.encode(resampled))
            out.mux(audio_out.encode(None))
    if not frames:
        raise _unreadable()
    return VideoInfo(size[0], size[1], round(frames / rate * 1000), audio_in is not None)


def _graph(video_in, first, rate):
    """The filters for the pictures: upright, at most `rate` frames a second, scaled, 4:2:0."""
    turn = _rotation(first.rotation)
    width, height = (first.height, first.width) if turn in (90, 270) else (first.width, first.height)
    size = _size(width, height)
    graph = av.filter.Graph()
    chain = [graph.add_buffer(template=video_in)]
    steps = {
        90: [("transpose", "clock")],
        180: [("hflip", ""), ("vflip", "")],
        270: [("transpose", "cclock")],
    }
    for name, args in [
        *steps.get(turn, []),
        ("fps", str(rate)),
        ("scale", f"{size[0]}:{size[1]}"),
        ("format", "yuv420p"),
    ]:
        chain.append(graph.add(name, args))
    chain.append(graph.add("buffersink"))
    for before, after in itertools.pairwise(chain):
        before.link_to(after)
    graph.configure()
    return graph, size


def _drain(graph, out, video_out, done: int, rate) -> int:
    """Every picture the filters have ready, numbered on from `done` at the output's rate."""
    count = 0
    while True:
        try:
            picture = graph.vpull()
        except (av.BlockingIOError, av.EOFError):
            return count
        picture.pts = done + count
        picture.time_base = 1 / rate
        out.mux(video_out.encode(picture))
        count += 1
