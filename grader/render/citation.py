"""One line that cites the grader behind a report (version, fingerprint, limits, time), for every text format."""

from __future__ import annotations

from grader.report import Provenance


def citation(provenance: Provenance | None) -> str:
    """'Graded by grader 0.1.0 (fingerprint 6b9eaa2e4bdc…) at …, limits 10 s and 1024 MiB per exercise', or ''."""
    if provenance is None:
        return ""
    return (f"Graded by grader {provenance.grader_version} (fingerprint {provenance.fingerprint[:16]}, "
            f"`grader --version` shows it) at {provenance.graded_at}; limits {provenance.timeout_seconds:g} s and "
            f"{provenance.memory_bytes / (1 << 20):g} MiB per exercise")
