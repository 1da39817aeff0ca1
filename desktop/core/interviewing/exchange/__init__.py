"""The laptop exchange: loop kits out to interviewers, sealed scorecard cards back (docs/exchange.md).

`export_card` and `export_loop_kit` make signed packets; `import_packets` checks every packet
of one import (signatures, chains, keys) before it writes anything, then writes them all in the
caller's transaction, or raises and writes nothing. Keys first seen are trusted once the caller
has committed (`ImportReport.trust.record()`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from sqlalchemy.orm import Session

from desktop.core.interviewing.exchange.cards import export_card, import_card, read_card
from desktop.core.interviewing.exchange.kits import export_loop_kit, import_kit, read_kit
from desktop.core.interviewing.exchange.packets import (
    FORMAT,
    KIND_LABELS,
    VERSION,
    ExchangeError,
    Packet,
    open_packet,
    read_packet,
    write_packet,
)
from desktop.core.interviewing.exchange.refs import NEW, CandidateQuestion, Resolver
from desktop.core.interviewing.exchange.trust import TrustCheck
from desktop.core.interviewing.keys import KeyRing, local_keyring

__all__ = ["FORMAT", "VERSION", "NEW", "ExchangeError", "CandidateQuestion", "Packet", "ImportReport",
           "export_card", "export_loop_kit", "import_packets", "open_packet", "read_packet", "write_packet"]


@dataclass
class ImportReport:
    lines: list[str] = field(default_factory=list)
    trust: TrustCheck | None = None

    def all_lines(self) -> list[str]:
        return self.lines + (self.trust.lines() if self.trust else [])


def import_packets(session: Session, packets: Sequence[Packet], *, kinds: Iterable[str] = ("card", "loop-kit"),
                   candidate_choices: Mapping[str, int | str] | None = None, known_keys_only: bool = False,
                   trust_fingerprints: Iterable[str] = (), keyring: KeyRing | None = None) -> ImportReport:
    """Import kits (first) and cards, all or nothing: an ExchangeError leaves the caller's
    transaction to roll back. `candidate_choices`: candidate key -> id here, or NEW."""
    keyring = keyring or local_keyring()
    kinds = tuple(kinds)
    trust = TrustCheck(keyring, known_keys_only, trust_fingerprints)
    for packet in packets:
        if packet.kind not in kinds:
            other = "import-kit" if packet.kind == "loop-kit" else "import-card"
            raise ExchangeError(f"{packet.source}: a {KIND_LABELS[packet.kind]}, not a "
                                f"{' or '.join(KIND_LABELS[k] for k in kinds)}: import it with `interview-desk {other}`")
    kits = [read_kit(p, trust) for p in packets if p.kind == "loop-kit"]
    cards = [read_card(p, trust) for p in packets if p.kind == "card"]
    resolver = Resolver(session, dict(candidate_choices or {}), [])
    report = ImportReport(trust=trust)
    for kit in kits:
        report.lines += import_kit(session, kit, resolver)
    for card in cards:
        report.lines.append(import_card(session, card, resolver, trust))
    session.flush()
    return report
