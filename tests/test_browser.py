"""What a reader sees in a real browser, under each supported theme.

One page (``tests/roots/test-themes``) uses every directive and role. It is
built once per theme and opened in headless Chromium (Debian's ``chromium``,
driven by Playwright; no browser is ever downloaded) in light and, where the
theme has one, dark mode, on a desktop and on a phone. Each case checks what a
reader would notice:

* text in our blocks and mentions is readable: WCAG AA contrast (4.5:1, 3:1
  for large text) against the background it is drawn on, and the class colour
  accents stand out (3:1, WCAG's figure for non-text marks);
* nothing makes the page scroll sideways on a phone: wide tables and the
  transcript scroll inside a box of their own, and their cells are not crushed;
* every mention has its tooltip, and the non-standard badge can be seen;
* the page fetches nothing from anywhere but its own site.

A full-page screenshot of a case that fails goes to
``test-artifacts/screenshots/``; ``SMTPCODES_SCREENSHOTS=1`` takes one of every
case (to look at the themes by eye). A full-page screenshot of a long page
takes Chromium seconds, more than the checks themselves, so passing cases skip
it by default.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .conftest import ROOTS, require_tool

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

#: Short name -> Sphinx ``html_theme``, and whether the theme has a dark mode.
THEMES = {
    "alabaster": ("alabaster", False),
    "furo": ("furo", True),
    "rtd": ("sphinx_rtd_theme", False),
    "pydata": ("pydata_sphinx_theme", True),
    "book": ("sphinx_book_theme", True),
}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _cases():
    for theme, (_name, has_dark) in THEMES.items():
        for mode in ("light", "dark") if has_dark else ("light",):
            for viewport in VIEWPORTS:
                yield pytest.param(theme, mode, viewport, id=f"{theme}-{mode}-{viewport}")


def _require_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("playwright is required in CI but not installed (the test extra)")
        pytest.skip("playwright not installed (pip install -e '.[test]')")
    return sync_playwright


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A local web server for the builds, and a function that builds a theme once."""
    root = tmp_path_factory.mktemp("themes")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    built: dict[tuple[str, str], str] = {}

    def build(theme: str, language: str = "en") -> str:
        key = (theme, language)
        if key not in built:
            html_theme = THEMES[theme][0]
            folder = theme if language == "en" else f"{theme}-{language}"
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
            done = subprocess.run(
                [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D",
                 f"html_theme={html_theme}", "-D", f"language={language}",
                 str(ROOTS / "test-themes"), str(root / folder)],
                capture_output=True, text=True, env=env, check=False,
            )  # fmt: skip
            output = done.stdout + done.stderr
            if done.returncode and "no theme named" in output.lower():
                if os.environ.get("CI", "").lower() == "true":
                    pytest.fail(f"theme {html_theme} is required in CI (the themes extra)")
                pytest.skip(f"theme {html_theme} not installed (pip install -e '.[themes]')")
            assert done.returncode == 0, output
            assert "WARNING" not in output, output
            built[key] = f"http://127.0.0.1:{server.server_address[1]}/{folder}/index.html"
        return built[key]

    yield build
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium from the system, driven by Playwright."""
    executable = require_tool("chromium")
    sync_playwright = _require_playwright()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# How each case puts the theme in its mode. Dark on a desktop is the reader's
# choice in the theme's own switch (stored where the theme keeps it) while the
# system is light; dark on a phone is the system's preference, which the theme
# follows by default. Light on a phone is the reader's switch set to light on
# a dark system. Themes without a dark mode are read on a dark system: they
# stay light, and so must our blocks.
def _setup(theme: str, mode: str, viewport: str) -> tuple[str, str | None]:
    """The system colour scheme and the script that sets the theme's switch."""
    has_dark = THEMES[theme][1]
    if not has_dark:
        return "dark", None
    if mode == "light" and viewport == "desktop":
        return "light", None
    if mode == "dark" and viewport == "phone":
        return "dark", None
    choice = mode
    if theme == "furo":
        script = f"localStorage.setItem('theme', '{choice}');"
    else:  # PyData and Book: the mode the reader picked, and the one in force
        script = (
            f"localStorage.setItem('mode', '{choice}'); localStorage.setItem('theme', '{choice}');"
        )
    return ("dark" if choice == "light" else "light"), script


@pytest.mark.parametrize(("theme", "mode", "viewport"), list(_cases()))
def test_page_reads_well(site, browser, theme, mode, viewport):
    url = site(theme)
    width, height = VIEWPORTS[viewport]
    scheme, script = _setup(theme, mode, viewport)
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        device_scale_factor=1,
        reduced_motion="reduce",
    )
    elsewhere: list[str] = []

    def only_local(route):
        request_url = route.request.url
        if request_url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            elsewhere.append(request_url)
            route.abort()

    context.route("**/*", only_local)
    if script:
        context.add_init_script(script)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_timeout(100)  # let the theme's scripts settle (wrappers, switch)
        report = page.evaluate(CHECKS, {"phone": viewport == "phone", "width": width})
        with _screenshot_on_failure(page, f"{theme}-{mode}-{width}.png"):
            _assert_reads_well(report, elsewhere, mode)
    finally:
        context.close()


@contextlib.contextmanager
def _screenshot_on_failure(page, name: str):
    """A full-page screenshot of ``page`` if the checks inside fail (or when asked)."""
    failed = True
    try:
        yield
        failed = False
    finally:
        if failed or os.environ.get("SMTPCODES_SCREENSHOTS", "") not in ("", "0"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / name), full_page=True, animations="disabled")


def _assert_reads_well(report: dict, elsewhere: list[str], mode: str) -> None:
    assert not elsewhere, f"the page fetched from elsewhere: {elsewhere}"
    assert report["stylesheet"], "smtpcodes.css is not applied"
    page_dark = report["pageLuminance"] < 0.2
    assert page_dark == (mode == "dark"), (
        f"the theme is not in {mode} mode (background luminance {report['pageLuminance']:.2f})"
    )
    counts = report["counts"]
    for what in ("code", "compare", "table", "session", "reference", "mentions", "badges"):
        assert counts[what] > 0, f"the page has no {what}: {counts}"
    problems = report["problems"]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


#: Runs in the page; returns counts and a list of problems in words.
CHECKS = r"""
({phone, width}) => {
  const problems = [];
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  // Any CSS colour (rgb, color(srgb ...), oklch, color-mix results) as RGBA 0..255 / 0..1.
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0, 0, 0, 0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return a === 0 ? [0, 0, 0, 0] : [r, g, b, a / 255];
  };
  const over = (top, bottom) => {  // top composited over an opaque bottom
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  // WCAG 2 relative luminance and contrast ratio.
  const channel = (c) => {
    c /= 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  const luminance = ([r, g, b]) =>
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const ratio = (x, y) => {
    const [l1, l2] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  // The colour an element is drawn on: its own and its ancestors' backgrounds,
  // composited up to the first opaque one (the canvas is white otherwise).
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = rgba(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const name = (el) => {
    const cls = [...el.classList].filter((c) => !["docutils", "container"].includes(c));
    return el.tagName.toLowerCase() + (cls.length ? "." + cls.join(".") : "");
  };
  const where = (el) => {
    const block = el.closest(
      ".smtp-code, .smtp-compare, .smtp-table, .smtp-session, .smtp-ref, p"
    );
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `${name(el)}${block && block !== el ? " in " + name(block) : ""} "${text}"`;
  };
  const shown = (el) => {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    let opacity = 1;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === "none") return false;
      opacity *= parseFloat(style.opacity);
    }
    return getComputedStyle(el).visibility !== "hidden" && opacity > 0.01;
  };
  const fmt = (c) => `rgb(${c.slice(0, 3).map(Math.round).join(",")})`;
  const span = (rect) => `${Math.round(rect.left)}..${Math.round(rect.right)}px`;

  const blocks = [...document.querySelectorAll(
    ".smtp-code, .smtp-compare, table.smtp-table, .smtp-session, .smtp-reference-group"
  )];
  const mentions = [...document.querySelectorAll(".smtp-ref")];

  // 1. Contrast of every piece of text of ours against what it is drawn on:
  // 4.5:1, or 3:1 for large text (24px, or 18.66px bold).
  const textHolders = new Set();
  for (const root of [...blocks, ...mentions]) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent.trim()) textHolders.add(node.parentElement);
    }
  }
  let checked = 0;
  for (const el of textHolders) {
    if (el.closest(".headerlink") || !shown(el)) continue;  // the theme's hover-only ¶
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(rgba(style.color), bg);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
    const need = large ? 3 : 4.5;
    const got = ratio(fg, bg);
    checked += 1;
    if (got < need) {
      problems.push(
        `contrast ${got.toFixed(2)} < ${need}: ${where(el)} (${fmt(fg)} on ${fmt(bg)})`
      );
    }
  }
  // The class colour marks (a block's left edge, the top of a code's column)
  // must stand out from what they are drawn on: 3:1, WCAG's figure for marks.
  const accents = [];
  for (const el of document.querySelectorAll(
    ".smtp-code[class*='smtp-class-'], .smtp-part[class*='smtp-class-']"
  )) {
    const style = getComputedStyle(el);
    if (parseFloat(style.borderLeftWidth) >= 1) {
      accents.push([el, style.borderLeftColor, background(el.parentElement)]);
    }
  }
  for (const el of document.querySelectorAll(".smtp-compare-table th[class*='smtp-class-']")) {
    const shadow = getComputedStyle(el).boxShadow;
    const colour = shadow.match(/^(rgba?\([^)]*\)|\S+)/);
    if (shadow !== "none" && colour) accents.push([el, colour[1], background(el)]);
  }
  for (const [el, colour, bg] of accents) {
    const accent = over(rgba(colour), bg);
    const got = ratio(accent, bg);
    if (got < 3) {
      problems.push(
        `class mark ${got.toFixed(2)} < 3: ${where(el)} (${fmt(accent)} on ${fmt(bg)})`
      );
    }
  }
  if (!accents.length) problems.push("no class colour marks at all");

  // 2. Nothing makes the page wider than the screen. (A phone widens its
  // layout viewport to fit wide content and zooms the page out, so
  // innerWidth grows past the screen's width: both are checked.)
  const vw = width;
  const pageWidth = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  if (pageWidth > vw + 1) {
    problems.push(`the page is wider than the screen: ${pageWidth}px > ${vw}px`);
  }
  // Wide things scroll inside a box of their own, which fits the screen.
  const scrollBox = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(node).overflowX)) return node;
    }
    return null;
  };
  const wide = [...document.querySelectorAll(
    ".smtp-compare table, table.smtp-table, .smtp-session pre"
  )];
  for (const el of wide) {
    const box = scrollBox(el);
    const frame = (box || el).getBoundingClientRect();
    if (frame.left < -1 || frame.right > vw + 1) {
      problems.push(`${where(el)} sticks out of the screen (${span(frame)} of ${vw}px)`);
    }
    if (box && box !== el) {  // the box holds only this (theme wrappers are fine)
      for (let node = el; node !== box; node = node.parentElement) {
        if (node.parentElement.children.length !== 1) {
          problems.push(`${where(el)} scrolls with other content in ${name(box)}`);
          break;
        }
      }
    }
    if (!box && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${where(el)} is cut off: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  }
  // Our blocks fit the screen, and no cell's text spills out of it.
  for (const el of blocks.filter((b) => b.tagName !== "TABLE")) {
    const rect = el.getBoundingClientRect();
    if (rect.left < -1 || rect.right > vw + 1) {
      problems.push(`${where(el)} sticks out of the screen (${span(rect)} of ${vw}px)`);
    }
  }
  for (const cell of document.querySelectorAll(
    ":is(.smtp-compare-table, table.smtp-table) :is(td, th)"
  )) {
    if (cell.scrollWidth > cell.clientWidth + 1) {
      problems.push(
        `text spills out of ${where(cell)}: ${cell.scrollWidth}px in ${cell.clientWidth}px`
      );
    }
  }
  if (phone) {
    // A table that scrolls is fine; one squeezed into a column of words is not.
    for (const cell of document.querySelectorAll(".smtp-compare-table td")) {
      const cellWidth = Math.round(cell.getBoundingClientRect().width);
      if (cellWidth < 110) {
        problems.push(`a comparison cell is squeezed to ${cellWidth}px: ${where(cell)}`);
        break;
      }
    }
  }

  // 3. Every mention has its tooltip, and the non-standard badge can be seen.
  for (const el of mentions) {
    const own = (el.getAttribute("title") || "").trim();
    const link = el.closest("a");
    const linked = link ? (link.getAttribute("title") || "").trim() : "";
    if (!own && !linked) problems.push(`no tooltip: ${where(el)}`);
    if (!shown(el)) problems.push(`a mention is hidden: ${where(el)}`);
  }
  const badges = [...document.querySelectorAll(".smtp-badge")];
  for (const el of badges) {
    if (!shown(el)) problems.push(`a badge cannot be seen: ${where(el)}`);
  }
  if (!document.querySelector(".smtp-nonstandard .smtp-badge")) {
    problems.push("the non-standard block has no badge");
  }

  const stylesheet = [...document.styleSheets].some(
    (s) => /\/smtpcodes\.css(\?|$)/.test(s.href || "") && s.cssRules.length > 0
  );
  const pageBg = background(document.querySelector(".smtp-code") || document.body);
  return {
    problems,
    stylesheet,
    pageLuminance: luminance(pageBg),
    counts: {
      code: document.querySelectorAll("div.smtp-code").length,
      compare: document.querySelectorAll(".smtp-compare").length,
      table: document.querySelectorAll("table.smtp-table").length,
      session: document.querySelectorAll(".smtp-session").length,
      reference: document.querySelectorAll(".smtp-reference-group").length,
      mentions: mentions.length,
      badges: badges.length,
      text: checked,
      marks: accents.length,
    },
  };
}
"""


def _open(browser, url: str, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


#: The rows of the first smtp-table: how many there are, and how many are shown.
ROWS = """() => {
  const rows = [...document.querySelector("table.smtp-table").tBodies[0].rows];
  return {total: rows.length, shown: rows.filter((r) => r.offsetParent !== null).length,
          texts: rows.filter((r) => r.offsetParent !== null).map((r) => r.textContent)};
}"""


def test_table_filter_narrows_rows_as_the_reader_types(site, browser):
    context, page = _open(browser, site("alabaster"))
    try:
        search = page.get_by_label("Filter the codes")
        assert search.count() == 1  # a real <label> names the field
        # Reachable from the keyboard: Tab from the element before it lands on it.
        page.evaluate("document.querySelector('div.smtp-filter > label').tabIndex = -1")
        page.focus("div.smtp-filter > label")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "search"
        before = page.evaluate(ROWS)
        assert before["total"] > 3 and before["shown"] == before["total"]
        page.keyboard.type("45")
        after = page.evaluate(ROWS)
        assert 0 < after["shown"] < after["total"]
        assert all("45" in text for text in after["texts"])
        status = page.locator("div.smtp-filter [role=status]").inner_text()
        assert status == f"{after['shown']} of {after['total']} codes shown"
        page.keyboard.type(" zzzz-no-such-code")
        assert page.evaluate(ROWS)["shown"] == 0
        page.keyboard.press("Escape")
        assert page.evaluate(ROWS)["shown"] == before["total"]
        assert page.locator("div.smtp-filter [role=status]").inner_text() == ""
    finally:
        context.close()


def test_table_is_unchanged_without_javascript(site, browser):
    context, page = _open(browser, site("alabaster"), java_script_enabled=False)
    try:
        assert page.locator("input[type=search]").count() == 0
        assert not page.locator("div.smtp-filter").is_visible()
        rows = page.evaluate(ROWS)
        assert rows["shown"] == rows["total"] > 3
    finally:
        context.close()


#: Computed ``word-break`` of Korean text in our blocks: titles, table headers, cells.
WORD_BREAK = """() => {
  const pick = (selector) => [...document.querySelectorAll(selector)];
  const els = [
    ...pick(".smtp-compare .rubric.smtp-title, .smtp-code .rubric.smtp-title"),
    ...pick("table.smtp-compare-table th, table.smtp-compare-table td"),
    ...pick("table.smtp-table th, table.smtp-table td"),
  ];
  return {lang: document.documentElement.lang, count: els.length,
          wrong: els.filter((el) => getComputedStyle(el).wordBreak !== "keep-all")
                    .map((el) => el.textContent.trim().slice(0, 30))};
}"""


def test_korean_text_breaks_between_words(site, browser):
    context, page = _open(browser, site("alabaster", "ko"))
    try:
        found = page.evaluate(WORD_BREAK)
        with _screenshot_on_failure(page, "alabaster-ko-1280.png"):
            assert found["lang"] == "ko"
            assert found["count"] > 20
            assert found["wrong"] == []
            assert page.get_by_label("코드 필터").count() == 1
    finally:
        context.close()
