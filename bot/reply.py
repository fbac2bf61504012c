"""What Tally replies: a lead line, the figures it states and the citations behind them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from bot.derive import Derivation


@dataclass(frozen=True)
class Citation:
    """A numbered source: the quoted sentence and where it stands."""

    n: int
    source: str
    title: str
    outlet: str
    url: str
    paragraph: int
    quote: str
    score: float


@dataclass(frozen=True)
class AnswerFigure:
    """A figure stated in the reply."""

    text: str
    value: float | None
    unit: str
    kind: str
    derived: bool = False
    working: str = ""  # how a derived figure was computed; shown in the reply
    derivation: Derivation | None = None  # what a derived figure is computed from, as data


@dataclass(frozen=True)
class Answer:
    """A reply: its lead line (with the part to emphasise), figures and citations."""

    question: str
    lead: str
    emphasis: str = ""
    abstained: bool = False
    figures: list[AnswerFigure] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    standalone: str = ""

    @property
    def text(self) -> str:
        """The reply as plain text: lead line, then one line per citation."""
        lines = [self.lead]
        if self.citations:
            lines.append("")
            lines += [format_citation(c) for c in self.citations]
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        """The JSON object of DESIGN.md."""
        return {
            "question": self.question,
            "standalone": self.standalone or self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "figures": [
                {k: v for k, v in asdict(f).items() if k not in ("working", "derivation")}
                | {"value": _plain(f.value)}
                for f in self.figures
            ],
            "citations": [
                {k: v for k, v in asdict(c).items() if k not in ("outlet", "url")}
                | {"score": round(c.score, 4)}
                for c in self.citations
            ],
        }


def format_citation(c: Citation) -> str:
    """`[1] "quote" — Title (Outlet), paragraph 8`."""
    where = f"{c.title} ({c.outlet})" if c.outlet else c.title
    return f'[{c.n}] "{c.quote}" — {where}, {place(c)}'


def _plain(value: float | None) -> float | int | None:
    """86400000000.0 -> 86400000000, so JSON shows the figure as written."""
    return int(value) if value is not None and value.is_integer() else value


def place(c: Citation) -> str:
    """Where a quote stands: "paragraph 8", or "headline" for the title (paragraph 0)."""
    return f"paragraph {c.paragraph}" if c.paragraph else "headline"
