"""The one list of detectors. To switch a detector on, add its dotted path here (one line).

Each detector loads its data (lexicon, model weights) when the registry is built, once per process.
A detector whose data is missing stops the build with a RegistryError that names it and says how to
fix it: a screen that silently skipped a detector would let harm through.
"""

from __future__ import annotations

from importlib import import_module

from harbour.screening.detectors.base import Detector

DETECTORS: list[str] = [
    "harbour.screening.detectors.lexicon.Profanity",
    "harbour.screening.detectors.lexicon.Slang",
    "harbour.screening.detectors.lexicon.Insults",
    "harbour.screening.detectors.lexicon.Bullying",
    "harbour.screening.detectors.lexicon.HateSlurs",
    "harbour.screening.detectors.lexicon.SexualTerms",
    "harbour.screening.detectors.lexicon.ImageRequests",
    "harbour.screening.detectors.lexicon.SelfHarm",
    "harbour.screening.detectors.lexicon.Disclosures",
    "harbour.screening.detectors.lexicon.Threats",
    "harbour.screening.detectors.lexicon.GroomingSteps",
    "harbour.screening.detectors.personal_info.PhoneNumber",
    "harbour.screening.detectors.personal_info.Email",
    "harbour.screening.detectors.personal_info.UkPostcode",
    "harbour.screening.detectors.personal_info.StreetAddress",
    "harbour.screening.detectors.personal_info.SchoolName",
    "harbour.screening.detectors.personal_info.SocialHandle",
    "harbour.screening.detectors.personal_info.AgeOrBirthday",
    "harbour.screening.detectors.personal_info.MeetingPlace",
    "harbour.screening.detectors.spam.Spam",
    "harbour.screening.detectors.readability.Readability",
    "harbour.screening.detectors.leading.LeadingQuestion",
    "harbour.screening.detectors.libel.LibelRisk",
    "harbour.screening.detectors.classifier.AbuseClassifier",
    "harbour.screening.detectors.classifier.HateClassifier",
    "harbour.screening.detectors.classifier.BullyingClassifier",
    "harbour.screening.detectors.classifier.SexualClassifier",
    "harbour.screening.detectors.grooming.GroomingTracker",
    "harbour.screening.detectors.distress.SelfHarmMeaning",
    "harbour.screening.detectors.distress.Exclusion",
    "harbour.screening.detectors.distress.PileOn",
]


class RegistryError(RuntimeError):
    """A registered detector could not be built."""


def load(path: str) -> type[Detector]:
    module_name, _, class_name = path.rpartition(".")
    try:
        cls = getattr(import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise RegistryError(f"Detector {path!r} is registered but cannot be imported: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, Detector)):
        raise RegistryError(f"{path!r} is registered as a detector but is not a Detector subclass")
    return cls


def build(paths: list[str | type[Detector]] | None = None) -> list[Detector]:
    """Instantiate each registered detector once. Raises RegistryError naming the one that failed."""
    detectors: list[Detector] = []
    names: set[str] = set()
    for entry in DETECTORS if paths is None else paths:
        cls = load(entry) if isinstance(entry, str) else entry
        try:
            detector = cls()
        except FileNotFoundError as exc:
            raise RegistryError(
                f"Detector {cls.__name__} ({getattr(cls, 'name', '?')}) needs a data file that is missing: "
                f"{exc.filename or exc}. Rebuild it with `make train`, or remove the detector from "
                "harbour/screening/registry.py."
            ) from exc
        except (OSError, ValueError) as exc:
            raise RegistryError(f"Detector {cls.__name__} could not load its data: {exc}") from exc
        if detector.name in names:
            raise RegistryError(f"Two detectors are named {detector.name!r}; names must be unique")
        names.add(detector.name)
        detectors.append(detector)
    return detectors
