"""Red-flag gig audit: `audit_text(text)` gives flags with evidence, missing essentials, a score."""

from gigcore.audit.core import (
    LEVELS,
    AuditReport,
    ClientChecks,
    Flag,
    GreenSign,
    RateCheck,
    audit_text,
    model_available,
)

__all__ = [
    "LEVELS",
    "AuditReport",
    "ClientChecks",
    "Flag",
    "GreenSign",
    "RateCheck",
    "audit_text",
    "model_available",
]
