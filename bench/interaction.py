"""`interaction_ratio_max`: a slider's arrow-key press to the new number on screen, in Chromium.

The app runs as a person runs it (`streamlit run app.py`, a history of 20,000 saved results) and
so does a one-slider baseline app (`bench/pages/trivial.py`), both on loopback, at desktop and
phone widths. For each page with a slider a person moves (see TARGETS), the clock starts in the
page at the `keydown` of an arrow key on the slider and stops at the first DOM change after which
the script is idle (`data-test-script-state='notRunning'`) and the page's number for that slider
shows a new value. Presses go round the targets in turn, so a machine that gets busier during
the run slows every target alike; each width moves its sliders one way only (right at desktop
width, left at phone width), so every press asks for a value no cache has seen. The figure is
the slowest target's median over the baseline's median at the same width; absolute
milliseconds beside it.

The baseline runs as a plain one-slider app does, on Streamlit's default settings. The app's
`.streamlit/config.toml` turns off two defaults that cost every rerun (the forced full garbage
collection after each run, and the source file watcher); the same one-slider app on the app's
settings is measured too, and `interaction_ratio_max_same_config` is the slowest page against it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import history_db
from bench.cold_start import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_S, _stop, free_port, wait_healthy
from bench.data import REPO
from bench.report import Skipped

HISTORY_ROWS = 20_000
PRESSES, QUICK_PRESSES = 15, 7
WARM_PRESSES = 2
# One direction per width, so no press lands on a value seen before (no cache can answer it).
KEYS = ("ArrowRight", "ArrowLeft")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
BASELINE = Path(__file__).resolve().parent / "pages" / "trivial.py"
IDLE = "[data-test-script-state='notRunning']"


@dataclass(frozen=True)
class Target:
    """A slider to press and the number on the page that its value drives."""

    name: str
    app: str  # which server: "app", "baseline" or "baseline_app_config"
    path: str  # URL path of the page
    slider: str  # CSS selector of the slider's element (its key's class)
    container: str  # CSS selector of the element holding the number ...
    has_text: str = ""  # ... the first such element containing this text ...
    value: str = ""  # ... and the CSS selector of the number inside it ("" = the element)


METRIC, METRIC_VALUE = "[data-testid='stMetric']", "[data-testid='stMetricValue']"
TARGETS = (
    Target("baseline", "baseline", "", ".st-key-value", "[data-testid='stMarkdown']"),
    Target(
        "baseline_app_config",
        "baseline_app_config",
        "",
        ".st-key-value",
        "[data-testid='stMarkdown']",
    ),
    Target(
        "rates",
        "app",
        "rates",
        ".st-key-rates_hours",
        METRIC,
        "Break-even rate",
        METRIC_VALUE,
    ),
    Target(
        "readiness_what_if",
        "app",
        "readiness",
        ".st-key-rd_wi_share",
        METRIC,
        "Biggest client's share",
        METRIC_VALUE,
    ),
    Target(
        "readiness_inputs",
        "app",
        "readiness",
        ".st-key-rd_share",
        ".st-key-rd_signals",  # the signals box: the concentration signal's text in it
        "Biggest client's share",
    ),
)

# Installed in every page: times each arrow keydown to the first DOM change that shows the
# target's number changed with the script idle.
PROBE = """
(target) => {
  const read = () => {
    const boxes = [...document.querySelectorAll(target.container)]
      .filter((e) => e.textContent.includes(target.has_text));
    if (!boxes.length) return null;
    const box = boxes.reduce((a, b) => (b.textContent.length < a.textContent.length ? b : a));
    const el = target.value ? box.querySelectorAll(target.value)[target.nth || 0] : box;
    return el ? el.textContent : null;
  };
  const probe = { start: null, end: null, before: null, read };
  window.__probe = probe;
  document.addEventListener("keydown", (event) => {
    if (!event.key.startsWith("Arrow")) return;
    probe.before = read();
    probe.end = null;
    probe.start = performance.now();
  }, true);
  const check = () => {
    if (probe.start === null || probe.end !== null) return;
    if (!document.querySelector(IDLE)) return;
    const now = read();
    if (now !== null && now !== probe.before) probe.end = performance.now();
  };
  new MutationObserver(check).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
}
""".replace("IDLE", repr(IDLE))


def _server(script: str, db: Path, log: Path, cwd: Path = REPO) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    out = log.open("w")
    server = subprocess.Popen(
        command, cwd=cwd, env=os.environ | {"GIGCORE_DB": str(db)}, stdout=out, stderr=out
    )
    try:
        wait_healthy(url, server, __import__("time").monotonic() + TIMEOUT_S)
    except Exception:
        _stop(server)
        raise
    return server, url


class Slider:
    """One browser tab on a target's page, ready to press its slider."""

    def __init__(self, browser, target: Target, url: str, viewport: dict):
        self.target = target
        self.context = browser.new_context(viewport=viewport)
        self.context.set_default_timeout(TIMEOUT_S * 1000)
        self.page = self.context.new_page()
        self.page.goto(f"{url}/{target.path}")
        self.page.evaluate(PROBE, target.__dict__)
        try:
            self.page.wait_for_function(
                "(idle) => window.__probe.read() !== null && document.querySelector(idle)",
                arg=IDLE,
                polling=100,
                timeout=TIMEOUT_S * 1000,
            )
        except Exception:
            raise RuntimeError(f"{target.name}: its number did not appear on the page") from None
        self.page.wait_for_timeout(1000)  # the first run's charts and any rerun settle
        self.page.wait_for_selector(IDLE, state="attached")
        self.thumb = self.page.locator(target.slider).locator("input[type='range']").first
        self.presses = 0

    def press(self, key: str) -> float:
        """Milliseconds from one arrow key press to the new number with the script idle."""
        self.thumb.focus()
        self.thumb.press(key)
        self.page.wait_for_function(
            "() => window.__probe.end !== null", polling=50, timeout=TIMEOUT_S * 1000
        )
        ms = self.page.evaluate("() => window.__probe.end - window.__probe.start")
        self.page.wait_for_timeout(150)  # let any trailing message land before the next press
        return ms

    def close(self) -> None:
        self.context.close()


def measure(
    quick: bool,
    workdir: Path,
    presses: int | None = None,
    targets: tuple[Target, ...] = TARGETS,
    viewports: dict = VIEWPORTS,
) -> dict:
    """Median press-to-number ms per target and width; the slowest page's ratio to baseline."""
    if not CHROMIUM.exists():
        raise Skipped(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError:
        raise Skipped("playwright is not installed") from None
    presses = presses or (QUICK_PRESSES if quick else PRESSES)
    db = history_db.build(workdir / "history-20k.duckdb", HISTORY_ROWS, profiles=1)
    servers = {}
    try:
        servers["app"] = _server("app.py", db, workdir / "app.log")
        plain = workdir / "plain"  # no .streamlit folder: Streamlit's defaults, as anyone's app
        plain.mkdir(exist_ok=True)
        servers["baseline"] = _server(str(BASELINE), workdir / "b.duckdb", workdir / "b.log", plain)
        servers["baseline_app_config"] = _server(
            str(BASELINE), workdir / "c.duckdb", workdir / "c.log"
        )
        times: dict[str, dict[str, list[float]]] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for n, (width, viewport) in enumerate(viewports.items()):
                    key = KEYS[n % 2]
                    tabs = [Slider(browser, t, servers[t.app][1], viewport) for t in targets]
                    try:
                        for tab in tabs:
                            for _ in range(WARM_PRESSES):
                                tab.press(key)
                        for _ in range(presses):
                            for tab in tabs:
                                times.setdefault(tab.target.name, {}).setdefault(width, []).append(
                                    tab.press(key)
                                )
                    finally:
                        for tab in tabs:
                            tab.close()
            finally:
                browser.close()
    finally:
        for server, _ in servers.values():
            _stop(server)
    return summarize(times, presses)


def summarize(times: dict[str, dict[str, list[float]]], presses: int) -> dict:
    """The figure and its details from raw milliseconds per target and width."""
    ms = {
        name: {w: round(statistics.median(v), 1) for w, v in by_width.items()}
        for name, by_width in times.items()
    }
    base = ms.pop("baseline")
    same = ms.pop("baseline_app_config", None)
    ratios = {
        name: {w: round(v / base[w], 2) for w, v in by_w.items()} for name, by_w in ms.items()
    }
    worst = max(
        ((name, w) for name, by_w in ratios.items() for w in by_w),
        key=lambda nw: ratios[nw[0]][nw[1]],
    )
    return {
        "interaction_ratio_max": ratios[worst[0]][worst[1]],
        "interaction_slowest": f"{worst[0]} at {worst[1]} width",
        "interaction_ms": ms,
        "interaction_baseline_ms": base,
        **(
            {
                "interaction_baseline_app_config_ms": same,
                "interaction_ratio_max_same_config": max(
                    round(v / same[w], 2) for by_w in ms.values() for w, v in by_w.items()
                ),
            }
            if same
            else {}
        ),
        "interaction_ratio_by_page": ratios,
        "interaction_presses": presses,
        "interaction_history_rows": HISTORY_ROWS,
    }
