"""How long the media library takes to prepare a video (harbour/accounts/videos.py), against its peers in
the same run: copying the streams into a new file (a remux: fast, but it keeps SEI messages and is not
what Harbour does) and decoding alone (the floor for anything that looks at every picture).

    python -m bench.video_prepare                   # 20 s of busy 1080p at 30 fps, with sound
    python -m bench.video_prepare --seconds 60 --size 3840x2160

The clip is made here (a moving pattern of colour blocks with grain over it, at a phone's bit rate or
above), so the figures are a guide to a phone video of the same length and size, not a promise. Each step runs in a fresh process, cold, once,
then warm --passes times; the peak memory is that process's (ru_maxrss)."""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = ("prepare", "remux", "decode")


def make_clip(path: Path, seconds: int, width: int, height: int, rate: int = 30) -> None:
    import av
    import numpy as np

    rng = np.random.default_rng(7)
    with av.open(str(path), "w", format="mov") as out:
        out.metadata["location"] = "+52.9225-001.4746/"
        video = out.add_stream("libx264", rate=rate, options={"preset": "ultrafast", "crf": "18"})
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        sound = out.add_stream("aac", rate=48000)
        sound.layout = "stereo"
        base = rng.integers(0, 255, (height // 8, width // 8, 3), dtype=np.uint8)
        for index in range(seconds * rate):
            shifted = np.roll(base, index, axis=1).repeat(8, axis=0).repeat(8, axis=1)
            noise = rng.integers(0, 6, (height, width, 3), dtype=np.uint8)  # grain, as a phone in a hall
            for packet in video.encode(av.VideoFrame.from_ndarray(shifted + noise, format="rgb24")):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        tone = (np.sin(np.arange(48000 * seconds) * 2 * np.pi * 440 / 48000) * 0.2).astype(np.float32)
        from fractions import Fraction

        for start in range(0, len(tone), 1024):
            chunk = np.stack([tone[start : start + 1024]] * 2)
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
            frame.sample_rate, frame.pts, frame.time_base = 48000, start, Fraction(1, 48000)
            for packet in sound.encode(frame):
                out.mux(packet)
        for packet in sound.encode():
            out.mux(packet)


def run_step(step: str, source: str, work: str) -> dict:
    """One step in this process; prints its seconds and peak memory as JSON."""
    import av

    destination = Path(work, f"{step}.mp4")
    started = time.perf_counter()
    if step == "prepare":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
        import django

        django.setup()
        from django.conf import settings

        settings.HARBOUR_MAX_VIDEO_SECONDS = 10**6
        from harbour.accounts import videos

        videos.probe(source)
        videos.encode(source, destination)
    elif step == "remux":
        with av.open(source) as inp, av.open(str(destination), "w", format="mp4") as out:
            streams = [inp.streams.video[0], *inp.streams.audio[:1]]
            copies = {s.index: out.add_stream_from_template(s) for s in streams}
            for packet in inp.demux(*streams):
                if packet.dts is None:
                    continue
                packet.stream = copies[packet.stream.index]
                out.mux(packet)
    else:
        with av.open(source) as inp:
            for _ in inp.decode(video=0):
                pass
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _peak_mb()}


def _peak_mb() -> float:
    """This process's own peak resident memory (VmHWM: ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(step: str, source: Path, work: str) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.video_prepare",
            "--step",
            step,
            "--source",
            str(source),
            "--work",
            work,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.source, args.work)))
        return
    width, height = (int(n) for n in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="harbour-bench-video-") as work:
        source = Path(work, "clip.mov")
        make_clip(source, args.seconds, width, height)
        print(
            f"clip: {args.seconds} s of {width}x{height} at 30 fps with sound, {source.stat().st_size / 1e6:.1f} MB"
        )
        print(f"{'step':<8} {'cold s':>8} {'warm s (median)':>16} {'x realtime':>11} {'peak MB':>8}")
        results = {}
        for step in STEPS:
            cold = measure(step, source, work)
            warm = [measure(step, source, work) for _ in range(args.passes)]
            median = statistics.median(r["seconds"] for r in warm) if warm else cold["seconds"]
            results[step] = median
            print(
                f"{step:<8} {cold['seconds']:>8.2f} {median:>16.2f} {args.seconds / median:>11.1f}"
                f" {max(r['peak_mb'] for r in [cold, *warm]):>8.0f}"
            )
        print(
            f"prepare takes {results['prepare'] / results['remux']:.0f}x a remux and "
            f"{results['prepare'] / results['decode']:.1f}x decoding alone"
        )


if __name__ == "__main__":
    main()
