"""Reading an evaluation: metrics by group (tune and check, English and Korean, never mixed)
side by side, and the misses, listed to be read."""

from __future__ import annotations

from bot.evaluation import Outcome, metrics

COUNTS = ("questions", "false_abstentions")


def by_group(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    """Outcomes by split and language: {"tune": all of tune, "tune/en": ..., "tune/ko": ...,
    "check": ...}; a set of one group (or none) is one entry, ""."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.case.group, []).append(outcome)
    if len(groups) <= 1:
        return {"": outcomes}
    result: dict[str, list[Outcome]] = {}
    splits = dict.fromkeys(g.split("/")[0] for g in groups if "/" in g)
    for split in splits:
        parts = [g for g in groups if g.startswith(split + "/")]
        if len(parts) > 1:
            result[split] = [o for g in parts for o in groups[g]]
        result |= {g: groups[g] for g in parts}
    return result | {g: o for g, o in groups.items() if "/" not in g}


def group_metrics(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    """metrics() of each group of `by_group`."""
    return {group: metrics(part) for group, part in by_group(outcomes).items()}


def format_columns(title: str, results: dict[str, dict[str, float]]) -> str:
    """Metrics as rows, groups as columns: one table to read tune against check."""
    names = [group or "all" for group in results]
    keys = list(dict.fromkeys(k for result in results.values() for k in result))
    width = max(10, *(len(n) + 2 for n in names))
    lines = [title, f"{'':<24}" + "".join(f"{n:>{width}}" for n in names)]
    lines.append("-" * len(lines[1]))
    for key in keys:
        cells = [_shown(key, result[key]) if key in result else "-" for result in results.values()]
        lines.append(f"{key:<24}" + "".join(f"{c:>{width}}" for c in cells))
    return "\n".join(lines)


def _shown(key: str, value: float) -> str:
    if key in COUNTS:
        return f"{value:.0f}"
    return f"{value:.1f}" if key.endswith("_ms") else f"{value:.3f}"


def format_misses(outcomes: list[Outcome]) -> str:
    """Each wrong reply with its question, the reply's lead and the gold, group by group."""
    lines = []
    for outcome in outcomes:
        if outcome.correct:
            continue
        case, answer = outcome.case, outcome.answer
        tag = f" [{case.group}]" if case.group else ""
        if case.answerable:
            gold = " | ".join(g for g in (case.answer, *case.alternatives) if g)
            gold += f'  (quote holds "{case.cite}")' if case.cite else ""
        else:
            gold = "(abstain)"
        lead = "(abstained) " + answer.lead if answer.abstained else answer.lead
        lines += [f"miss {case.id}{tag}: {case.question}", f"    reply: {lead}"]
        lines.append(f"    gold:  {gold}")
        if case.cite and answer.citations and not answer.abstained:  # perhaps the wrong quote
            lines.append(f"    quote: {answer.citations[0].quote[:140]}")
    return "\n".join(lines)
