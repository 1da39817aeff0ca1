"""Every PDF embeds every font it uses: no reader has to substitute one, and text prints as made."""

from __future__ import annotations

from pypdf import PdfReader

from desktop.core.cli import main
from tests.core.test_decisions import run_loop


def fonts(path) -> dict[str, bool]:
    """Font name -> embedded?, over every page."""
    found = {}
    for page in PdfReader(path).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def test_packets_scorecards_and_debriefs_embed_every_font(store, db_path, tmp_path, capsys):
    run_loop(store, {"Ana": 3, "Ben": 4})
    store.dispose()
    exports = {
        "packet": ["export", "packet", "--set", "Zoë's loop · 1", "--out"],
        "scorecard": ["export", "scorecard", "--interview", "1", "--out"],
        "debrief": ["export", "debrief", "--candidate", "Zoë Example", "--out"],
    }
    for kind, argv in exports.items():
        out = tmp_path / f"{kind}.pdf"
        assert main(["--db", str(db_path), *argv, str(out)]) == 0, capsys.readouterr().err
        used = fonts(out)
        assert used and all(used.values()), (kind, used)
