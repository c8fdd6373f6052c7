"""What a session's verdicts mean: stable mutant ids, the recorded equivalents and the survivors files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import MutationSpec, TestOutcome

from grade_mutant import GRADER_ERROR
from sessions import Session

HERE = Path(__file__).resolve().parent
SURVIVORS = HERE / "survivors"
EQUIVALENT = HERE / "equivalent"


@dataclass
class Mutant:
    id: str
    spec: MutationSpec
    diff: str
    verdict: str  # the test command's line: "killed: ...", "survived: ...", or GRADER_ERROR...


@dataclass
class Outcome:
    killed: list[Mutant] = field(default_factory=list)
    survived: list[Mutant] = field(default_factory=list)
    equivalent: list[Mutant] = field(default_factory=list)
    errors: list[Mutant] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # equivalent entries that match no surviving mutant

    def counts(self) -> dict[str, int]:
        counted = {name: len(getattr(self, name)) for name in ("killed", "survived", "equivalent", "errors")}
        return {**counted, "total": sum(counted.values())}


def mutant_id(spec: MutationSpec, diff_lines: list[str]) -> str:
    """Names a mutant by its function, operator and changed text, so the name survives edits elsewhere in the file.

    cosmic-ray's job ids are new at every init, and line numbers move when the module is edited.
    """
    changed = "\n".join(line[1:].strip() for line in diff_lines
                        if line[:1] in "+-" and not line.startswith(("+++", "---")))
    digest = hashlib.sha1(f"{spec.operator_name}\n{changed}".encode()).hexdigest()[:8]
    operator = spec.operator_name.split("/", 1)[-1]
    return f"{spec.definition_name or 'module'}:{operator}:{digest}"


def equivalents(exercise: str) -> dict[str, str]:
    """equivalent/<exercise>.yaml: [{mutant: ID, why: one line}], written by the exercise's owner."""
    path = EQUIVALENT / f"{exercise}.yaml"
    if not path.is_file():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    # Without its reason an entry does not count: the mutant stays a survivor until someone says why.
    return {str(entry["mutant"]): str(entry["why"]).strip() for entry in entries if str(entry.get("why") or "").strip()}


def collect(session: Session) -> Outcome:
    """Sort the session's mutants into killed, survived, equivalent (survivors with a recorded reason) and errors."""
    recorded = equivalents(session.exercise)
    outcome = Outcome()
    seen: dict[str, int] = {}
    with use_db(str(session.database), WorkDB.Mode.open) as db:
        done = sorted(db.completed_work_items, key=lambda pair: (pair[0].mutations[0].start_pos,
                                                                 pair[0].mutations[0].operator_name))
    for item, result in done:
        if result.test_outcome is None:  # cosmic-ray found nothing to mutate at this occurrence
            continue
        spec = item.mutations[0]
        diff = (result.diff or "").splitlines()
        name = mutant_id(spec, diff)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:  # the same change to an identical line elsewhere in the same function
            name = f"{name}-{seen[name]}"
        mutant = Mutant(name, spec, "\n".join(diff), result.output or "")
        if GRADER_ERROR in mutant.verdict:
            outcome.errors.append(mutant)
        elif result.test_outcome != TestOutcome.SURVIVED:
            outcome.killed.append(mutant)
        elif name in recorded:
            outcome.equivalent.append(mutant)
        else:
            outcome.survived.append(mutant)
    outcome.stale = sorted(set(recorded) - {mutant.id for mutant in outcome.equivalent})
    return outcome


def write_survivors(session: Session, outcome: Outcome, label: str) -> Path:
    """survivors/<exercise>.txt: every surviving mutant not recorded as equivalent, with its diff."""
    counts = outcome.counts()
    lines = [f"# {session.exercise}: {counts['survived']} surviving mutants of {counts['total']} "
             f"({counts['equivalent']} recorded as equivalent, not listed), graded at {label}",
             f"# Kill each with a sharper check, or record it in benchmarks/mutation/equivalent/"
             f"{session.exercise}.yaml as", "#   - mutant: ID", "#     why: one line", ""]
    for mutant in outcome.survived:
        line = mutant.spec.start_pos[0]
        lines += [f"## {mutant.id}", f"operator: {mutant.spec.operator_name} (occurrence {mutant.spec.occurrence})",
                  f"line: {line} (in {mutant.spec.definition_name})", mutant.diff, ""]
    if outcome.errors:
        lines += ["# The grader failed on these (not counted): rerun them", ""]
        lines += [f"## {mutant.id}\n{mutant.verdict}\n{mutant.diff}\n" for mutant in outcome.errors]
    if outcome.stale:
        lines += ["# Recorded as equivalent but no longer surviving (killed, or the code changed): remove them", ""]
        lines += [f"- {name}" for name in outcome.stale]
    SURVIVORS.mkdir(exist_ok=True)
    path = SURVIVORS / f"{session.exercise}.txt"
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return path
