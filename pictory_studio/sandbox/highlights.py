"""Highlights: whole sentences of a transcript chosen to fill a length, picked extractively.

Each sentence is scored by the weight of its content words: a word's weight is how often it
occurs in the whole transcript (relative to the most frequent content word), summed over the
sentence and divided by the square root of its number of content words, so a long sentence
is not chosen merely for being long. Stopwords do not count: a short list in English; in other
languages, any word found in more than half the sentences (their function words, found without
a list). Early sentences get a small bonus (up to POSITION_BONUS), as openings tend to say what
a talk is about.

Sentences are taken best first while the total stays within the length asked (a sentence
lasts from its first word's start to its last word's end), skipping those that would overrun;
sentences are never cut. When even the shortest sentence is longer than the length asked,
that one sentence is the highlight. Chosen sentences keep their order. Ties go to the earlier
sentence, so the same transcript and length always give the same choice.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

from . import transcript

POSITION_BONUS = 0.1
COMMON_SHARE = 0.5  # other languages: a word in more sentences than this share is a stopword…
COMMON_MIN_SENTENCES = 4  # …once there are enough sentences to tell
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
STOPWORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
    "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "let", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
    "yourselves", "also", "get", "got", "like", "okay", "oh", "um", "uh", "yeah", "well", "really", "going", "go",
    "one", "two", "us", "i'm", "it's", "that's", "we're", "you're", "they're", "don't", "can't", "i've", "we'll",
    "let's",
])


@dataclass(frozen=True)
class Choice:
    indexes: tuple[int, ...]  # chosen sentences, in transcript order
    seconds: float


def _tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text)]


def _stopwords(sentences_tokens: list[list[str]], language: str) -> frozenset[str]:
    if language.lower().startswith("en"):
        return STOPWORDS
    if len(sentences_tokens) < COMMON_MIN_SENTENCES:
        return frozenset()
    spread = Counter(token for tokens in sentences_tokens for token in set(tokens))
    return frozenset(token for token, count in spread.items() if count > COMMON_SHARE * len(sentences_tokens))


def _content(sentences_tokens: list[list[str]], language: str) -> list[list[str]]:
    """Each sentence's content words: stopwords and single letters left out."""
    stopwords = _stopwords(sentences_tokens, language)
    return [[token for token in tokens if token not in stopwords and len(token) > 1] for tokens in sentences_tokens]


def sentence_scores(sentences: list[dict], *, language: str = "en") -> list[float]:
    """A score per sentence: normalised content-word weight plus the position bonus."""
    content = _content([_tokens(transcript.sentence_text(sentence)) for sentence in sentences], language)
    frequency = Counter(token for tokens in content for token in tokens)
    top = max(frequency.values(), default=1)
    raw = [sum(frequency[token] / top for token in tokens) / math.sqrt(len(tokens)) if tokens else 0.0
           for tokens in content]
    best = max(raw, default=0.0) or 1.0
    last = max(len(sentences) - 1, 1)
    return [value / best + POSITION_BONUS * (1 - index / last) for index, value in enumerate(raw)]


def highlight_choose(*, sentences: list[dict], target_seconds: float, language: str = "en") -> Choice:
    """The sentences that best fill `target_seconds` (see the module notes)."""
    scores = sentence_scores(sentences, language=language)
    seconds = {}  # sentence index → length, for sentences with spoken words
    for index, sentence in enumerate(sentences):
        span = transcript.sentence_span(sentence)
        if span is not None:
            seconds[index] = span[1] - span[0]
    ranked = sorted(seconds, key=lambda index: (-scores[index], index))
    chosen, total = [], 0.0
    for index in ranked:
        if total + seconds[index] <= target_seconds + 1e-9:
            chosen.append(index)
            total += seconds[index]
    if not chosen and seconds:
        shortest = min(seconds, key=lambda index: (seconds[index], -scores[index], index))
        chosen, total = [shortest], seconds[shortest]
    return Choice(indexes=tuple(sorted(chosen)), seconds=round(total, 3))


def highlight_mark(*, sentences: list[dict], choice: Choice) -> list[dict]:
    """The transcript with `highlight` on every word (pause markers too): true in chosen sentences."""
    chosen = set(choice.indexes)
    return [
        {**sentence, "words": [{**word, "highlight": index in chosen} for word in sentence.get("words") or []]}
        for index, sentence in enumerate(sentences)
    ]
