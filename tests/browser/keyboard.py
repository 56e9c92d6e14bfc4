"""Walking a page with the Tab key and noting what gets focus and whether it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from browser.helpers import INTERACTIVE

# Marks every shown, focusable control and records how it looks unfocused (with
# its parent and next sibling, which some controls use to show focus).
MARK_CONTROLS = """(selector) => {
  const shown = e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && e.checkVisibility({visibilityProperty: true, opacityProperty: true}) && !e.closest("[inert]");
  };
  const look = e => {
    if (!e) return "";
    const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine, s.borderBottomColor, s.opacity].join("|");
  };
  window.__kbLook = e => [e, e.parentElement, e.nextElementSibling].map(look).join("#");
  window.__kbUnfocused = {};
  let next = 0;
  const controls = [];
  for (const e of document.querySelectorAll(selector)) {
    const id = String(next++);
    e.dataset.kbControl = id;
    window.__kbUnfocused[id] = window.__kbLook(e);
    if (shown(e)) controls.push({id, name: describe(e)});
  }
  function describe(e) {
    const text = (e.getAttribute("aria-label") || e.innerText || e.value || e.getAttribute("title") || "").trim().split("\\n")[0].slice(0, 60);
    return `<${e.tagName.toLowerCase()}${e.className ? " class=" + JSON.stringify(String(e.className)) : ""}> ${JSON.stringify(text)}` + (e.getAttribute("href") ? ` href=${e.getAttribute("href")}` : "");
  }
  return controls;
}"""

# What has focus now, and whether it looks different from when it had none.
# Some controls show focus from a script (search opens its panel), so a control
# that looks unchanged is looked at again after two frames.
FOCUSED = """async (wait) => {
  if (wait) await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const id = e.dataset.kbControl ?? null;
  const changed = id === null ? true : window.__kbLook(e) !== window.__kbUnfocused[id];
  return {id, changed, name: `<${e.tagName.toLowerCase()}> ${(e.getAttribute("aria-label") || e.innerText || "").trim().slice(0, 60)}`};
}"""


@dataclass
class TabWalk:
    controls: dict[str, str]  # id -> description, for every shown control
    reached: list[str]  # ids in the order Tab reached them
    unmarked: list[str]  # focused things that are not controls we know of
    invisible_focus: list[str]  # descriptions of controls whose focus cannot be seen

    @property
    def unreached(self) -> list[str]:
        return [name for id_, name in self.controls.items() if id_ not in self.reached]


# Transitions would show a control's style halfway; the walk compares end states.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def walk_with_tab(page: Any, limit_extra: int = 40) -> TabWalk:
    """Press Tab from the top of the page until focus comes round again."""
    page.mouse.move(0, 0)
    page.add_style_tag(content=NO_TRANSITIONS)
    controls = {c["id"]: c["name"] for c in page.evaluate(MARK_CONTROLS, INTERACTIVE)}
    reached: list[str] = []
    unmarked: list[str] = []
    invisible: list[str] = []
    for _ in range(len(controls) + limit_extra):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED, False)
        if focused is not None and not focused["changed"]:
            focused = page.evaluate(FOCUSED, True)
        if focused is None:  # past the end of the page, or the focused control just hid itself
            continue
        if focused["id"] is None:
            unmarked.append(focused["name"])
            continue
        if focused["id"] in reached:
            break
        reached.append(focused["id"])
        if not focused["changed"]:
            invisible.append(controls.get(focused["id"], focused["name"]))
    return TabWalk(controls, reached, unmarked, invisible)
