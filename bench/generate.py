"""Synthetic but realistic playbooks of any size, for the build benchmark.

A generated playbook looks like a large real one: a philosophy and a strategy, then N entity files
spread over the collections in the proportions a big sales organisation ends up with (many methods,
metrics and coaching scripts; fewer roles and personas; a few dozen stages), every reference valid
and pointing at a handful of neighbours, and every text field written in full sentences.

The output is deterministic for a given size and seed, so two runs build exactly the same pages.

    python bench/generate.py 1000 /tmp/playbook-1000     # writes /tmp/playbook-1000/content/
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

# Share of the N entities held by each collection; the rest of the shares sum to 1.
SHARES: dict[str, float] = {
    "processes": 0.004,
    "stages": 0.02,
    "qualification": 0.002,
    "value": 0.03,
    "competitors": 0.03,
    "roles": 0.03,
    "personas": 0.04,
    "metrics": 0.16,
    "methods": 0.28,
    "coaching": 0.33,
    "meetings": 0.04,
}
MINIMUM = {
    "processes": 1,
    "stages": 3,
    "qualification": 1,
    "value": 1,
    "competitors": 1,
    "roles": 2,
    "personas": 2,
    "metrics": 4,
    "methods": 1,
    "coaching": 1,
    "meetings": 1,
}
SMALLEST = 20

SUBJECTS = [
    "downtime",
    "line stoppage",
    "spoilage",
    "energy bill",
    "maintenance backlog",
    "audit finding",
    "cold-chain breach",
    "shift handover",
    "spare-parts stock",
    "compressor failure",
    "yield loss",
    "overtime cost",
    "recall risk",
    "inspection delay",
    "forecast gap",
    "renewal risk",
    "onboarding",
]
VERBS = [
    "Quantify",
    "Map",
    "Reframe",
    "Test",
    "Confirm",
    "Challenge",
    "Size",
    "Trace",
    "Rank",
    "Surface",
    "Document",
    "Prioritise",
    "Benchmark",
    "Expose",
    "Validate",
]
ROLE_NAMES = [
    "Account Executive",
    "Account Manager",
    "Sales Development Rep",
    "Solutions Engineer",
    "Customer Success Manager",
    "Sales Manager",
    "Partner Manager",
    "Renewals Specialist",
]
MOTIONS = ["hunter", "farmer", "hybrid", "specialist", "leader"]
PERSONA_NAMES = [
    "Plant Manager",
    "Operations Director",
    "Maintenance Lead",
    "Chief Financial Officer",
    "Quality Manager",
    "Facilities Director",
    "Procurement Lead",
    "IT Security Lead",
]
STAGE_NAMES = ["Research", "Connect", "Discovery", "Assessment", "Business case", "Proposal", "Commit", "Onboard"]
METHOD_KINDS = ["talk-track", "question-bank", "insight", "objection"]
WORDS = (
    "the buyer plant team cost hour line stop week quarter budget risk owner shift number proof "
    "visit call recap plan pilot sensor alert report board site region partner renewal contract "
    "value outcome baseline target gap trend signal decision meeting agenda evidence"
).split()


class Writer:
    """Makes the text and references of one synthetic playbook from a seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self, words: int = 12) -> str:
        picked = [self.rng.choice(WORDS) for _ in range(self.rng.randint(words - 4, words + 4))]
        return " ".join(picked).capitalize() + "."

    def paragraph(self, sentences: int = 3) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(max(1, sentences - 1), sentences + 1)))

    def lines(self, low: int, high: int, words: int = 10) -> list[str]:
        return [self.sentence(words) for _ in range(self.rng.randint(low, high))]

    def some(self, ids: list[str], low: int, high: int) -> list[str]:
        """A few distinct ids, in their original order (the way an editor would list them)."""
        count = min(len(ids), self.rng.randint(low, high))
        return sorted(self.rng.sample(ids, count), key=ids.index)

    def near(self, ids: list[str], index: int, total: int, low: int, high: int) -> list[str]:
        """Ids close to this entity's relative position: real playbooks cluster by topic."""
        centre = int(index / max(total, 1) * len(ids))
        window = ids[max(0, centre - 6) : centre + 6] or ids
        return self.some(window, low, high)


def counts_for(entities: int) -> dict[str, int]:
    """How many files each collection gets so that they add up to ``entities`` (plus the two singles)."""
    if entities < SMALLEST:
        raise ValueError(f"a playbook needs at least {SMALLEST} entities to hold every collection, not {entities}")
    counts = {name: max(MINIMUM[name], int(entities * share)) for name, share in SHARES.items()}
    counts["coaching"] += max(0, entities - sum(counts.values()))
    # The minimums may push a small playbook over its size: take the excess from the big collections.
    for name in ("coaching", "methods", "metrics"):
        excess = sum(counts.values()) - entities
        counts[name] -= max(0, min(excess, counts[name] - MINIMUM[name]))
    return counts


def _ids(prefix: str, names: list[str], count: int) -> list[tuple[str, str]]:
    """(id, name) pairs: the names repeat with a number once the list of real-sounding ones runs out."""
    result = []
    for i in range(count):
        base = names[i % len(names)]
        name = base if i < len(names) else f"{base} {i // len(names) + 1}"
        result.append((f"{prefix}-{i + 1:05d}", name))
    return result


def generate(entities: int, target: Path, seed: int = 7) -> dict[str, int]:
    """Write ``target/content`` with about ``entities`` entity files; return the count per collection."""
    w = Writer(seed)
    counts = counts_for(entities)
    content = target / "content"
    if content.exists():
        shutil.rmtree(content)
    for name in counts:
        (content / name).mkdir(parents=True)

    stages = _ids("stage", STAGE_NAMES, counts["stages"])
    roles = _ids("role", ROLE_NAMES, counts["roles"])
    personas = _ids("persona", PERSONA_NAMES, counts["personas"])
    n_lead = max(2, counts["metrics"] * 2 // 3)
    lead = [
        (f"lead-{i + 1:05d}", f"{w.rng.choice(VERBS)} {w.rng.choice(SUBJECTS)} calls {i + 1}") for i in range(n_lead)
    ]
    lag = [
        (f"lag-{i + 1:05d}", f"{w.rng.choice(SUBJECTS).capitalize()} won {i + 1}")
        for i in range(counts["metrics"] - n_lead)
    ]
    methods = [
        (f"method-{i + 1:05d}", f"{w.rng.choice(VERBS)} the {w.rng.choice(SUBJECTS)} {i + 1}")
        for i in range(counts["methods"])
    ]
    stage_ids, role_ids, persona_ids = ([i for i, _ in x] for x in (stages, roles, personas))
    lead_ids, lag_ids, method_ids = ([i for i, _ in x] for x in (lead, lag, methods))

    def write(path: Path, data: dict[str, Any]) -> None:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")

    write(
        content / "philosophy.yml",
        {
            "purpose": w.paragraph(),
            "rep_identity": w.sentence(),
            "principles": [{"name": w.sentence(4), "description": w.paragraph(2)} for _ in range(5)],
            "ethics": [
                {"guideline": w.sentence(), "dilemma": w.paragraph(2), "answer": w.paragraph(2)} for _ in range(3)
            ],
            "leader_commitments": w.lines(3, 5),
        },
    )
    segments = [
        {
            "id": f"segment-{i + 1}",
            "name": f"Segment {i + 1}",
            "description": w.paragraph(2),
            "personas": w.some(persona_ids, 1, 3),
        }
        for i in range(min(8, max(2, len(persona_ids) // 4)))
    ]
    segment_ids = [s["id"] for s in segments]
    write(
        content / "strategy.yml",
        {
            "priorities": [{"name": w.sentence(5), "description": w.paragraph(2)} for _ in range(3)],
            "segments": segments,
            "icp": {
                "summary": w.sentence(),
                "criteria": [{"name": w.sentence(4), "description": w.sentence()} for _ in range(5)],
                "disqualifiers": w.lines(2, 4),
            },
            "off_profile_rule": w.sentence(),
            "thresholds": {
                "deal-plan": {"name": "Deal plan", "amounts": {s: 5000 * (n + 1) for n, s in enumerate(segment_ids)}},
                "review": {"name": "Deal review", "amount": 100000},
            },
        },
    )
    # Processes: the stages split into consecutive runs, each with outcomes and a back-step.
    n_processes = counts["processes"]
    per = -(-len(stages) // n_processes)
    for n in range(n_processes):
        run = stage_ids[n * per : (n + 1) * per] or stage_ids[-2:]
        write(
            content / "processes" / f"process-{n + 1:05d}.yml",
            {
                "name": f"Process {n + 1}",
                "order": n + 1,
                "description": w.sentence(),
                "segments": w.some(segment_ids, 1, 2),
                "stages": run,
                "outcomes": [
                    {"id": "won", "name": "Won", "kind": "won", "from": run[-1:], "next": w.lines(1, 2)},
                    {"id": "lost", "name": "Lost", "kind": "lost", "record": w.lines(1, 2)},
                ],
                "transitions": [{"from": run[-1], "to": [run[0]], "when": w.sentence()}] if len(run) > 1 else [],
            },
        )
    elements = [(f"element-{i + 1}", stage_ids[i % len(stage_ids)]) for i in range(6)]
    for f in range(counts["qualification"]):
        write(
            content / "qualification" / f"framework-{f + 1:05d}.yml",
            {
                "name": f"Framework {f + 1}",
                "summary": w.sentence(),
                "elements": [
                    {
                        "id": e,
                        "letter": e[-1],
                        "name": w.sentence(6).rstrip("."),
                        "meaning": w.sentence(),
                        "questions": w.lines(2, 3),
                        "evidence": w.lines(1, 2),
                        "due": due,
                    }
                    for e, due in elements
                ],
            },
        )
    for i in range(counts["value"]):
        write(
            content / "value" / f"value-{i + 1:05d}.yml",
            {
                "name": f"{w.rng.choice(SUBJECTS).capitalize()} value {i + 1}",
                "need": w.sentence(),
                "outcomes": w.lines(1, 3),
                "metrics": w.near(lag_ids, i, counts["value"], 1, 2),
                "questions": w.lines(2, 4),
                "proof": w.lines(1, 3),
                "personas": w.near(persona_ids, i, counts["value"], 1, 2),
                "stages": w.near(stage_ids, i, counts["value"], 1, 2),
                "differentiators": [{"name": w.sentence(6).rstrip("."), "claim": w.sentence(), "proof": w.lines(1, 2)}],
            },
        )
    for i in range(counts["competitors"]):
        write(
            content / "competitors" / f"competitor-{i + 1:05d}.yml",
            {
                "name": f"Rival {i + 1}",
                "summary": w.sentence(),
                "when_we_meet": w.sentence(),
                "stages": w.near(stage_ids, i, counts["competitors"], 1, 2),
                "strengths": w.lines(1, 3),
                "weaknesses": w.lines(1, 3),
                "how_we_win": w.lines(1, 3),
                "trap_questions": w.lines(1, 2),
                "objections": [{"objection": w.sentence(), "response": w.sentence()} for _ in range(2)],
            },
        )
    for i in range(counts["meetings"]):
        write(
            content / "meetings" / f"meeting-{i + 1:05d}.yml",
            {
                "name": f"Review {i + 1}",
                "kind": "deal-review",
                "purpose": w.sentence(),
                "attendees": w.near(role_ids, i, counts["meetings"], 1, 3),
                "cadence": w.sentence(6),
                "when": {"threshold": "review"},
                "agenda": [{"part": w.sentence(6).rstrip("."), "minutes": 5 + 5 * k} for k in range(4)],
                "questions": w.lines(2, 4),
                "outputs": w.lines(1, 3),
                "stages": w.near(stage_ids, i, counts["meetings"], 1, 2),
            },
        )
    for i, (sid, name) in enumerate(stages):
        write(
            content / "stages" / f"{sid}.yml",
            {
                "name": name if i < len(STAGE_NAMES) else f"{name} ({i + 1})",
                "goal": w.sentence(),
                "buyer_view": w.paragraph(2),
                "activities": [{"role": r, "actions": w.lines(1, 3)} for r in w.near(role_ids, i, len(stages), 2, 4)]
                + [{"role": role_ids[0], "actions": [{"text": w.sentence(), "when": {"threshold": "deal-plan"}}]}],
                "exit_criteria": [
                    *w.lines(2, 4),
                    {"text": w.sentence(), "confirms": f"framework-00001.element-{i % 6 + 1}"},
                ],
                "red_flags": w.lines(1, 3),
            },
        )
    for i, (rid, name) in enumerate(roles):
        write(
            content / "roles" / f"{rid}.yml",
            {
                "name": name,
                "motion": MOTIONS[i % len(MOTIONS)],
                "purpose": w.paragraph(2),
                "responsibilities": [
                    {"what": w.sentence(8), "measured_by": w.near(lead_ids + lag_ids, i, len(roles), 1, 2)}
                    for _ in range(w.rng.randint(2, 4))
                ],
                "tenure_tracks": [
                    {
                        "tenure": t,
                        "description": w.sentence(),
                        "focus_metrics": w.near(lead_ids, i, len(roles), 1, 3),
                        "lag_metrics": w.near(lag_ids, i, len(roles), 1, 2),
                    }
                    for t in ("new", "tenured")
                ],
                "compensated_on": w.near(lag_ids, i, len(roles), 1, 2),
                "expectations": {"stop": w.lines(1, 3), "start": w.lines(1, 3), "continue": w.lines(1, 3)},
                "manager_commitments": w.lines(2, 3),
            },
        )
    for i, (pid, name) in enumerate(personas):
        write(
            content / "personas" / f"{pid}.yml",
            {
                "name": name,
                "summary": w.sentence(),
                "priorities": w.lines(2, 4, 6),
                "values": w.lines(2, 4, 6),
                "questions": w.lines(2, 4),
                "stages": w.near(stage_ids, i, len(personas), 1, 3),
            },
        )
    for i, (mid, name) in enumerate(lead):
        write(
            content / "metrics" / f"{mid}.yml",
            {
                "name": name,
                "kind": "lead",
                "definition": w.sentence(),
                "unit": "per week",
                "how_measured": w.sentence(8),
                "drives": w.near(lag_ids, i, len(lead), 1, 2),
                "target": "3 per week",
            },
        )
    for mid, name in lag:
        write(
            content / "metrics" / f"{mid}.yml",
            {
                "name": name,
                "kind": "lag",
                "definition": w.sentence(),
                "unit": "per quarter",
                "how_measured": w.sentence(8),
            },
        )
    for i, (mid, name) in enumerate(methods):
        kind = METHOD_KINDS[i % len(METHOD_KINDS)]
        data: dict[str, Any] = {
            "name": name,
            "kind": kind,
            "summary": w.sentence(),
            "when_to_use": w.sentence(),
            "stages": w.near(stage_ids, i, len(methods), 1, 3),
        }
        data["steps" if kind == "talk-track" else "questions"] = w.lines(3, 6)
        data["examples"] = [w.paragraph(3)]
        write(content / "methods" / f"{mid}.yml", data)
    for i in range(counts["coaching"]):
        n = len(stage_ids)
        write(
            content / "coaching" / f"coach-{i + 1:05d}.yml",
            {
                "name": f"{w.rng.choice(VERBS)} the {w.rng.choice(SUBJECTS)} ({i + 1})",
                "behaviour": w.sentence(),
                "moves": w.near(lead_ids, i, counts["coaching"], 1, 2),
                "roles": w.near(role_ids, i, counts["coaching"], 1, 2),
                "stages": w.near(stage_ids, i, counts["coaching"], 1, 2) if n else [],
                "methods": w.near(method_ids, i, counts["coaching"], 0, 2),
                "cadence": w.sentence(6),
                "prepare": w.lines(1, 3),
                "open": w.sentence(),
                "questions": w.lines(3, 5),
                "observe": w.lines(2, 4),
                "rubric": [
                    {"rating": r, "label": label, "description": w.sentence()}
                    for r, label in ((1, "Not yet"), (2, "Developing"), (3, "Solid"), (4, "Role model"))
                ],
                "commitments": w.lines(1, 2),
            },
        )
    return counts


HISTORY_COMMITS = 12  # as many as the What's new page reads


def add_history(target: Path, commits: int = HISTORY_COMMITS, seed: int = 7) -> int:
    """Put the playbook in a git repository with a short editing history, as a real one lives.

    The first commit holds everything; each later one edits the summary of three methods, as an
    enablement team's pull requests do. The What's new page reads this history during the build.
    Dates and author are fixed, so the history (and the page) is the same on every run. Returns the
    number of commits made: 0 where git is not installed.
    """
    if shutil.which("git") is None:
        return 0
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Enablement",
        "GIT_AUTHOR_EMAIL": "enablement@rimefield.example",
        "GIT_COMMITTER_NAME": "Enablement",
        "GIT_COMMITTER_EMAIL": "enablement@rimefield.example",
    }

    def git(*args: str, day: int = 0) -> None:
        stamp = f"2026-06-{1 + day:02d}T09:00:00+00:00"
        subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=target,
            env={**env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
            check=True,
            capture_output=True,
        )

    shutil.rmtree(target / ".git", ignore_errors=True)
    git("init", "-q")
    git("add", "content")
    git("commit", "-q", "-m", "Playbook as first published")
    rng = random.Random(seed)
    methods = sorted((target / "content" / "methods").glob("*.yml"))
    for i in range(1, commits):
        for path in rng.sample(methods, min(3, len(methods))):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("summary: ", f"summary: Revised in round {i}. ", 1), encoding="utf-8")
        git("commit", "-q", "-a", "-m", f"Sharpen three method summaries (round {i})", day=i)
    return commits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("entities", type=int, help="how many entity files to write")
    parser.add_argument("target", type=Path, help="folder to write content/ into")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--history", action="store_true", help="also make it a git repository with a short history")
    args = parser.parse_args()
    counts = generate(args.entities, args.target, args.seed)
    if args.history:
        add_history(args.target, seed=args.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()), f"→ {args.target / 'content'}")


if __name__ == "__main__":
    main()
