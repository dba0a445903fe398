"""The module stylesheet (static/onestop/onestop.css) beside the base layout."""

from pathlib import Path

APP = Path(__file__).resolve().parents[1]


def test_module_css_has_no_bar_class_and_wraps_codes():
    css = (APP / "static" / "onestop" / "onestop.css").read_text()
    assert ".bar " not in css and ".bar{" not in css  # the base header's classes are not redefined here
    assert "overflow-wrap: anywhere" in css  # long indicator codes wrap on a phone
    figures = (APP / "templates" / "onestop" / "portal_figures.html").read_text()
    assert "onestop/onestop.css" in figures
