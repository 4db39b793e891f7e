"""Events stage: triggers, their senses and arguments, modality and confidence."""

from tidings.events.detect import Candidate, EventDetector
from tidings.events.lexicon import Lexicon
from tidings.events.ontology import PLOVER_TYPES, Ontology

__all__ = ["PLOVER_TYPES", "Candidate", "EventDetector", "Lexicon", "Ontology"]
