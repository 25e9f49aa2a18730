"""What notebook 01 shows its students anyway, kept here once so that the tests use the same list.

Student-side: it holds no answer (the stop list is printed in section 6 of the notebook).
"""

from __future__ import annotations

__all__ = ["STOP_WORDS"]

# The same list as in section 6 of the notebook, where students read it (keep the two identical).
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "in",
        "into", "is", "it", "it's", "its", "of", "on", "or", "such", "than", "that", "the", "their", "these",
        "they", "this", "to", "was", "were", "where", "which", "who", "whose", "will", "with", "also", "other",
        "there", "what", "so", "not", "can", "may", "like", "one", "i", "we", "our", "however", "therefore",
    }
)  # fmt: skip
