"""User text on paper: escaped, stand-ins for glyphs the font lacks, names hidden when asked."""

from __future__ import annotations

from desktop.core.paper.text import fit_width, markup, paragraphs, printable
from desktop.core.paper.fonts import REGULAR
from reportlab.pdfbase.pdfmetrics import stringWidth


def test_markup_escapes_so_text_prints_as_typed():
    assert markup("a<b && <b>x</b>") == "a&lt;b &amp;&amp; &lt;b&gt;x&lt;/b&gt;"
    assert markup("line one\nline two") == "line one<br/>line two"


def test_characters_without_a_glyph_print_a_readable_stand_in():
    assert printable("ok 👍🏽 done") == "ok [thumbs up sign] done"  # skin tone dropped
    assert printable("🇫🇷") == "[flag FR]"
    assert printable("中") == "[U+4E2D]"
    assert printable("naïve — “quoted” Ελληνικά") == "naïve — “quoted” Ελληνικά"
    assert printable("a\x00b\r\nc") == "ab\nc"


def test_notes_split_into_paragraphs_at_blank_lines():
    assert paragraphs("first\n\n  \nsecond\nline") == ["first", "second<br/>line"]
    assert paragraphs("   ") == []


def test_fit_width_shortens_canvas_text_with_an_ellipsis():
    line = fit_width("word " * 200, REGULAR, 8, 100)
    assert line.endswith("…") and stringWidth(line, REGULAR, 8) <= 100
