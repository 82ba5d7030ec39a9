"""Small real videos for tests, made with PyAV: an MP4 or MOV (H.264, or HEVC as iPhones record; with AAC
sound unless audio=False) whose container and stream metadata can carry a location, as a phone's does."""

import io
from fractions import Fraction

import av
import numpy as np

LOCATION = "+51.5007-000.1246/"  # ISO 6709, as a phone writes it in moov/udta/©xyz (Westminster)


def make_video(
    seconds: float = 1.0,
    *,
    width: int = 320,
    height: int = 240,
    rate: int = 12,
    audio: bool = True,
    location: str | None = None,
    rotation: int = 0,
    container: str = "mp4",
    codec: str = "libx264",
    pictures: bool = True,
) -> bytes:
    """The bytes of a short video of moving colour bars. With location: the place in the container's
    metadata (©xyz), in the video stream's, and in a comment, as cameras do."""
    out = io.BytesIO()
    with av.open(out, "w", format=container) as video:
        if location:
            video.metadata["location"] = location
            video.metadata["location-eng"] = location
            video.metadata["comment"] = f"Filmed at {location}"
        stream = video.add_stream(
            codec, rate=rate, options={"x265-params": "log-level=none"} if "265" in codec else {}
        )
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        if location:
            stream.metadata["location"] = location
        if rotation:
            stream.set_display_rotation(rotation)
        if not pictures:
            stream = None
        sound = None
        if audio:
            sound = video.add_stream("aac", rate=48000)
            sound.layout = "mono"
        frames = max(1, round(seconds * rate)) if stream else 0
        for index in range(frames):
            picture = np.zeros((height, width, 3), dtype=np.uint8)
            picture[:, :, 0] = (np.arange(width) * 255 // max(1, width - 1)).astype(np.uint8)
            picture[:, :, 1] = (index * 255 // frames) % 256
            picture[: height // 2, : width // 2, 2] = 200  # a corner, so a rotation shows
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            for packet in stream.encode(frame):
                video.mux(packet)
        for packet in stream.encode() if stream else ():
            video.mux(packet)
        if sound is not None:
            samples = int(48000 * seconds)
            tone = (np.sin(np.arange(samples) * 2 * np.pi * 440 / 48000) * 0.2).astype(np.float32)
            for start in range(0, samples, 1024):
                chunk = tone[start : start + 1024].reshape(1, -1)
                frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
                frame.sample_rate = 48000
                frame.pts = start
                frame.time_base = Fraction(1, 48000)
                for packet in sound.encode(frame):
                    video.mux(packet)
            for packet in sound.encode():
                video.mux(packet)
    return out.getvalue()
