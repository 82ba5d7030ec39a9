"""Copy the precompiled GOV.UK Frontend, MOJ Frontend and htmx files into harbour/static/vendor.

Harbour is not a GOV.UK service, so the GDS Transport font and the crown are left out: the CSS is
rewritten to use the system font stack, its root-absolute asset URLs are made relative (so they
work under STATIC_URL), and source map comments are stripped (collectstatic aborts on a missing map).
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
OUT = ROOT / "harbour" / "static" / "vendor"

FONT_FACE = re.compile(r"@font-face\{font-family:GDS Transport;[^}]*\}")
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+")
GDS_LICENCE = re.compile(r"/\*! Copyright \(c\) 2011 by Margaret Calvert[^*]*\*/")


def rewrite_css(css: str) -> str:
    css = FONT_FACE.sub("", css)
    css = GDS_LICENCE.sub("", css)
    css = css.replace("GDS Transport,arial,sans-serif", "system-ui,arial,sans-serif")
    css = css.replace("url(/assets/", "url(assets/")
    css = css.replace("url(assets/images/govuk-crest.svg)", "none")  # the crown is GOV.UK's alone
    css = SOURCE_MAP.sub("", css)
    if "GDS Transport" in css:
        raise SystemExit("build_assets: GDS Transport is still referenced; the CSS layout changed")
    return css


def copy_text(src: Path, dest: Path, transform=lambda text: SOURCE_MAP.sub("", text)) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(transform(src.read_text(encoding="utf-8")), encoding="utf-8")


def main() -> int:
    if not (NODE / "govuk-frontend").is_dir():
        print("build_assets: node_modules is missing; run `npm ci` first", file=sys.stderr)
        return 1
    if OUT.exists():
        shutil.rmtree(OUT)
    govuk = NODE / "govuk-frontend" / "dist" / "govuk"
    copy_text(govuk / "govuk-frontend.min.css", OUT / "govuk" / "govuk-frontend.min.css", rewrite_css)
    copy_text(govuk / "govuk-frontend.min.js", OUT / "govuk" / "govuk-frontend.min.js")
    images = OUT / "govuk" / "assets" / "images"
    images.mkdir(parents=True)
    for name in ("favicon.ico", "favicon.svg"):
        shutil.copy(govuk / "assets" / "images" / name, images / name)
    moj = NODE / "@ministryofjustice" / "frontend" / "moj"
    copy_text(moj / "moj-frontend.min.css", OUT / "moj" / "moj-frontend.min.css", rewrite_css)
    copy_text(moj / "moj-frontend.min.js", OUT / "moj" / "moj-frontend.min.js")
    if (moj / "assets").is_dir():
        shutil.copytree(moj / "assets", OUT / "moj" / "assets")
    copy_text(NODE / "htmx.org" / "dist" / "htmx.min.js", OUT / "htmx" / "htmx.min.js")
    (OUT / ".built").write_text("built by scripts/build_assets.py\n")
    print(f"build_assets: front-end files copied to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
