"""Charts read at 12 px or more, at 1366 px and at 390 px, on a live's page and on insights.

Each SVG text's font size is measured as rendered: its computed size times the scale of
the SVG's current transformation matrix (a viewBox shrunk into a narrow card shrinks
its text with it). Insights' bars carry the lives' titles (shortened, the full title in
a tooltip), and best / worst are marked only where they inform.
"""

import zoneinfo
from datetime import timedelta

import pytest
from django.utils import timezone

from lives_admin.models import InsightLive, InsightSnapshot, InsightStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")  # the browser's timezone (conftest)
WIDTHS = (1366, 390)
MIN_PX = 12
LIVE_ID = "live003"  # a past live: every chart of its page has figures
LONG_TITLE = "Quarterly community meetup: onboarding new members and answering questions"

MEASURE = """(root) => Array.from(root.querySelectorAll('svg text')).map((text) => {
  const matrix = text.getScreenCTM();
  const scale = Math.min(Math.hypot(matrix.a, matrix.b), Math.hypot(matrix.c, matrix.d));
  const box = text.getBoundingClientRect();
  const svg = text.ownerSVGElement.getBoundingClientRect();
  return {
    text: text.textContent.trim(),
    px: parseFloat(getComputedStyle(text).fontSize) * scale,
    width: box.width,
    overflows: box.left < svg.left - 1 || box.right > svg.right + 1,
  };
})"""


def measured_texts(page, selector):
    texts = page.locator(selector).evaluate(MEASURE)
    shown = [text for text in texts if text["width"] > 0]
    assert shown, f"no SVG text in {selector}"
    return shown


def assert_readable(page, selector, width):
    texts = measured_texts(page, selector)
    small = [(t["text"], round(t["px"], 1)) for t in texts if t["px"] < MIN_PX]
    assert small == [], f"at {width} px, these chart texts are under {MIN_PX} px: {small}"
    cut = [t["text"] for t in texts if t["overflows"]]
    assert cut == [], f"at {width} px, these chart texts leave their chart: {cut}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    return texts


def stored_insights(user, count: int) -> InsightSnapshot:
    """A snapshot as a finished reading leaves it: `count` lives with varied rates, the
    last one still to come (not rated)."""
    start = timezone.now() - timedelta(days=count + 1)
    snapshot = InsightSnapshot.objects.create(
        created_by=user,
        label=f"{count} lives picked",
        status=InsightStatus.DONE,
        taken_at=timezone.now(),
    )
    for position in range(1, count + 1):
        registrant = 40 + position
        attendee = 10 + (position * 7) % 30
        InsightLive.objects.create(
            snapshot=snapshot,
            position=position,
            live_id=f"stored{position:03d}",
            title=f"{LONG_TITLE} #{position}" if position % 2 else f"Workshop {position}",
            start_date=start + timedelta(days=position),
            status="Ended" if position < count else "Planned",
            invited=registrant * 2,
            registrant=registrant,
            attendee=attendee,
            attendance_rate=round(100 * attendee / registrant, 1),
            no_show=registrant - attendee,
            average_view_time=600 + position,
            total_replay_view=position,
        )
    return snapshot


def test_a_lives_charts_read_at_12_px_at_both_widths(browser_page, screenshot):
    page = browser_page
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/lives/{LIVE_ID}/")
        charts = page.locator(".grid-cards.charts")
        charts.wait_for()
        texts = assert_readable(page, ".grid-cards.charts", width)
        assert {"Invited", "Registered", "Attended"} <= {t["text"] for t in texts}
        charts.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")  # below the sticky top bar
        screenshot(page, f"charts-live-{width}", full_page=False)


def test_insights_bars_carry_the_lives_titles_at_12_px(browser_page, browser_user, screenshot):
    page = browser_page
    snapshot = stored_insights(browser_user, 35)
    lives = list(snapshot.lives.all())
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/insights/{snapshot.pk}/")
        chart = page.locator(".insight-chart")
        chart.wait_for()
        texts = [t["text"] for t in assert_readable(page, ".insight-chart", width)]
        # Named by date then title: a "#N" before titles that end in "#2" read as one name.
        assert not [text for text in texts if text.startswith("#")], texts
        named = [text for text in texts if " · " in text and "%" not in text]
        assert len(named) == len(set(named)) == len(lives), named  # one distinct name each
        for live, name in zip(lives, named, strict=True):
            day = live.start_date.astimezone(PARIS).strftime("%-d %b")
            start, end = f"{day} · {live.title[:12]}", live.title[-3:]
            assert name.startswith(start) and name.endswith(end), (name, live.title)
        assert not [text for text in texts if text.isdigit()], "bars labelled by number only"
        chart.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")
        screenshot(page, f"charts-insights-{width}", full_page=False)
    # The full title is in each bar's tooltip and in the chart's description.
    tooltips = page.locator(".insight-chart svg title").all_text_contents()
    description = page.locator(".insight-chart svg desc").text_content()
    for live in lives:
        assert any(live.title in tip for tip in tooltips), live.title
        assert live.title in description
    # 35 lives with different rates: one best and one worst attendance.
    marks = [t for t in texts if "best" in t.lower() or "worst" in t.lower()]
    assert len(marks) == 2, marks


def test_two_lives_mark_no_best_or_worst(browser_page, browser_user, screenshot):
    page = browser_page
    snapshot = stored_insights(browser_user, 2)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/insights/{snapshot.pk}/")
    compare = page.locator(".insight-compare")
    compare.wait_for()
    assert compare.get_by_text("best", exact=True).count() == 0
    assert compare.get_by_text("worst", exact=True).count() == 0
    assert page.get_by_text("Best attendance").count() == 0
    chart_texts = [t["text"].lower() for t in measured_texts(page, ".insight-chart")]
    assert not [t for t in chart_texts if "best" in t or "worst" in t]
    compare.scroll_into_view_if_needed()
    screenshot(page, "charts-insights-two-lives", full_page=False)


# Each swatch of the legend, measured against the first letter of the label that follows it
# (a Range over the text, whatever elements hold it); and the caption's first letter.
LEGEND = """(legend) => {
  const firstLetter = (node) => {
    const walker = document.createTreeWalker(legend, NodeFilter.SHOW_TEXT);
    walker.currentNode = node;
    let text;
    while ((text = walker.nextNode())) {
      const at = text.data.search(/\\S/);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + 1);
        return { rect: range.getBoundingClientRect(), word: text.data.trim().split(" · ")[0] };
      }
    }
  };
  const swatches = [...legend.querySelectorAll(".legend-swatch")].map((swatch) => {
    const box = swatch.getBoundingClientRect();
    const label = firstLetter(swatch);
    return { label: label.word, swatch: box.top + box.height / 2, top: label.rect.top,
             bottom: label.rect.bottom };
  });
  const caption = [...legend.parentElement.querySelectorAll("*")].find(
    (el) => !el.children.length && el.textContent.trim().startsWith("Lives in date order"));
  const captionBox = caption && caption.getBoundingClientRect();
  const labels = [...legend.querySelectorAll(".legend-swatch")]
    .map((swatch) => firstLetter(swatch).rect.bottom);
  return { swatches, caption: captionBox && { top: captionBox.top, left: captionBox.left },
           legendLeft: legend.getBoundingClientRect().left, labelsBottom: Math.max(...labels) };
}"""


def test_each_legend_swatch_stays_with_its_label_and_the_caption_has_its_own_line(
    browser_page, browser_user, screenshot
):
    page = browser_page
    snapshot = stored_insights(browser_user, 3)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/insights/{snapshot.pk}/")
        legend = page.locator(".insight-chart .chart-legend")
        found = legend.evaluate(LEGEND)
        for item in found["swatches"]:
            # The swatch's middle is on its label's first line, not at the end of the one before.
            assert item["top"] <= item["swatch"] <= item["bottom"], (width, item)
        caption = found["caption"]
        assert caption is not None, "the caption says how the lives are ordered"
        assert caption["top"] >= found["labelsBottom"] - 1, (width, found)
        assert abs(caption["left"] - found["legendLeft"]) <= 1, (width, found)
        legend.scroll_into_view_if_needed()
        screenshot(page, f"charts-insights-legend-{width}", full_page=False)
