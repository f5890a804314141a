"""`make lighthouse`: Lighthouse's mobile scores for the six main page types of a running portal.

Lighthouse (pinned below) comes from npm into var/lighthouse/ and drives Debian's Chromium. The
scores depend on the machine: measure on an idle one, against `make run` (or `make serve`).
Prints one line a page and exits 1 when a page scores under the targets of docs/testing.md.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

VERSION = "13.5.0"
ROOT = Path(__file__).resolve().parent.parent
PREFIX = ROOT / "var" / "lighthouse"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def _install() -> Path:
    binary = PREFIX / "node_modules" / ".bin" / "lighthouse"
    package = PREFIX / "node_modules" / "lighthouse" / "package.json"
    if not binary.exists() or json.loads(package.read_text())["version"] != VERSION:
        print(f"Installing lighthouse {VERSION} from npm into {PREFIX.relative_to(ROOT)}/")
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-save", "--prefix", str(PREFIX),
             f"lighthouse@{VERSION}"],
            check=True,
        )  # fmt: skip
    return binary


def _first_link(base: str, path: str, pattern: str) -> str:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        page = response.read().decode()
    return re.search(pattern, page)[1]


def _pages(base: str) -> list[str]:
    meeting = _first_link(base, "/moten/", r'href="(/moten/\d{4}/[a-z0-9-]+/)"')
    idea = _first_link(
        base, "/ideer/?status=rejected", r'href="(/ideer/(?!flode|framsteg)[a-z0-9-]+/)"'
    )
    return ["/", "/moten/", meeting, "/ideer/", idea, "/ideer/framsteg/"]


def main() -> int:
    base = os.environ.get("LIGHTHOUSE_URL", "http://127.0.0.1:8000").rstrip("/")
    lighthouse = _install()
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    failed = False
    print(f"Lighthouse {VERSION}, mobile, {base}")
    for path in _pages(base):
        with tempfile.NamedTemporaryFile(suffix=".json") as output:
            subprocess.run(
                [str(lighthouse), base + path, "--quiet", "--output=json",
                 f"--output-path={output.name}", f"--chrome-flags={CHROME_FLAGS}",
                 "--only-categories=" + ",".join(TARGETS)],
                check=True, env=os.environ | {"CHROME_PATH": chromium},
            )  # fmt: skip
            report = json.loads(Path(output.name).read_text())
        scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        audits = report["audits"]
        timings = ", ".join(
            f"{name} {audits[audit]['displayValue']}"
            for name, audit in [("FCP", "first-contentful-paint"),
                                ("LCP", "largest-contentful-paint"),
                                ("TBT", "total-blocking-time")]
        )  # fmt: skip
        low = [name for name, target in TARGETS.items() if scores[name] < target]
        failed |= bool(low)
        marks = f"  UNDER TARGET: {', '.join(low)}" if low else ""
        print(f"{path:55} {' '.join(f'{k} {v}' for k, v in scores.items())}  ({timings}){marks}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
