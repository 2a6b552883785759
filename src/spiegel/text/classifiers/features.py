"""Turn a batch of posts into one sparse feature matrix shared by every classifier.

Three blocks, stacked side by side:

* word 1–2-grams and character 2–5-grams (inside word boundaries), hashed — stateless, so nothing
  but the feature settings needs to be shipped. The character n-grams of a ``char_wb`` analyzer
  depend on each word alone, so the hashed n-grams of every word seen are cached (up to
  :data:`WORD_CACHE_SIZE` words) and a post's row is the sum of its words' rows: the same matrix
  as ``HashingVectorizer.transform``, without generating and hashing every n-gram in Python;
* a few dense cues from :mod:`.lexicons` (question mark, question opener, insults near a second
  person, swearing, polarity, explanation markers, links, mentions …).

The text is normalised first: lower case, links → ``httpurl``, disguised spellings of insults and
swear words repaired (:func:`repair_spelling`: leetspeak, asterisks, spaced-out letters, stretched
letters), mentions → ``@user``, digits → ``0``, characters repeated more than three times
shortened, at most :data:`MAX_CHARS` characters; each insult of the GrofLex/HADES-derived lexicon
adds the pseudo-word :data:`INSULT_TOKEN` (at most two), so an insult the training posts never used
still weighs like one; a negated or quoted insult ("geen clown", "'tuig' noemen") is replaced by a
stand-in first, so it does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize as _l2_normalize

from spiegel.text.classifiers import lexicons as lx

MAX_CHARS = 2000
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
#: Words whose hashed character n-grams are kept between batches (cleared when full).
WORD_CACHE_SIZE = 200_000

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"@[\w.]+(?:@[\w.-]+)?")
_DIGITS = re.compile(r"\d")
_REPEAT = re.compile(r"(.)\1{3,}")
_TOKEN = re.compile(r"[\w'’]+|[?!]", re.UNICODE)
_MASKED = re.compile(r"httpurl|@user|#\w+")
_WORDCHAR = re.compile(r"\w")
_QUOTED = re.compile(r"[\"“”„‘’'«»].{2,80}?[\"“”„‘’'«»]")
#: a pseudo-word added once per insult of :func:`lexicons.insult_lexicon` (at most twice)
INSULT_TOKEN = "xscheldwoordx"
_LEET = str.maketrans("013457$@", "oieastsa")
#: a hint that a token hides a word: a digit or symbol between letters, a letter and "*" or "#",
#: or a letter three times
_ODD_HINT = re.compile(r"[^\W\d_][013457@$*#]+[^\W\d_]|[^\W\d_][*#]|([^\W\d_])\1\1", re.UNICODE)
_NONSPACE = re.compile(r"\S+")
#: two fast pre-checks of a whole post for :data:`_ODD_HINT` (the alternation is slow to scan)
_SYMBOL_AFTER_LETTER = re.compile(r"[^\W\d_][013457@$*#]")
_TRIPLE_LETTER = re.compile(r"([^\W\d_])\1\1")
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_] ){2,}[^\W\d_](?!\w)", re.UNICODE)
_EDGE = re.compile(r"^[^\w*$@#]+|[^\w*$@#!]+$", re.UNICODE)
_RUNS = re.compile(r"(.)\1+")
_STARS = re.compile(r"[*#]+")
_LEX_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: stand-ins for an insult that is negated or quoted (see :func:`_mark_rejected_insults`); they
#: share no character n-gram with :data:`INSULT_TOKEN` beyond the word boundary "x"
#: a pictographic symbol (emoji and the like, Unicode category So) in a Dutch post becomes a word of
#: its own, ``xemo<code point in hex>x``: the word tokenizer drops such characters, and as a
#: character n-gram of a longer word they weigh next to nothing, while derision by emoji ("🤡",
#: "🤮" after a name) is a form of hostility real posts use (issue #11). Dutch only, because only
#: the Dutch models were retrained with it (``text-classifiers.v6``).
EMOJI_WORD = re.compile(r"xemo([0-9a-f]{2,6})x")
_PICTOGRAPH = re.compile("[\u2190-\u2bff\u3297\u3299\U0001f000-\U0001faff]")


def _emoji_word(match: re.Match[str]) -> str:
    ch = match.group(0)
    return f" xemo{ord(ch):x}x " if unicodedata.category(ch) == "So" else ch


def emoji_of(word: str) -> str | None:
    """The symbol an emoji word stands for (``xemo1f921x`` → 🤡), or None for any other word —
    also for one a post spelled out itself that names no pictograph ("xemoffffffx")."""
    m = EMOJI_WORD.fullmatch(word)
    if m is None or int(m.group(1), 16) > 0x10FFFF:
        return None
    ch = chr(int(m.group(1), 16))
    return ch if _PICTOGRAPH.fullmatch(ch) and unicodedata.category(ch) == "So" else None


NEGATED_TOKEN = "xontkendx"
QUOTED_TOKEN = "xgeciteerdx"
#: "geen" / "niet" / "nooit", at most one word, then the word that may be an insult
_NEGATED = re.compile(r"\b(geen|niet|nooit)(\s+)([^\W\d_]+)(?:(\s+)([^\W\d_]+))?", re.UNICODE)
_QUOTED_WORD = re.compile(r"([\"'‘’“”«»])([^\W\d_]+)([\"'‘’“”«»])", re.UNICODE)

DENSE_NAMES = (
    "has_question_mark",
    "ends_with_question",
    "opens_with_question_word",
    "insult_count",
    "insult_near_address",
    "swear_count",
    "positive_words",
    "negative_words",
    "exclamations",
    "urls",
    "mentions",
    "hashtags",
    "explain_markers",
    "we_words",
    "quoted_span",
    "log_length",
    # clause-level question cues (:func:`_question_cues`)
    "clause_wh_opener",
    "clause_inversion",
    "asking_phrase",
    "request_form",
    "tag_question",
    "question_mark_inside",
    "question_mark_run",
    "question_in_quote",
    "question_marks",
    "segment_v1",
    "segment_wh_opener",
)
#: the dense cues that speak to the question signal
QUESTION_CUE_NAMES = (
    "has_question_mark",
    "ends_with_question",
    "opens_with_question_word",
    *DENSE_NAMES[16:],
)


def _spelled(candidate: str, targets: frozenset[str]) -> str | None:
    """*candidate* (lower case, leetspeak undone) as a target word: as it is, with stretched letters
    shortened, or with each run of ``*``/``#`` read as one to three letters."""
    if "*" in candidate or "#" in candidate:
        core = _STARS.sub("*", candidate)
        if not _LEX_WORD.search(core.replace("*", "")):
            return None
        pattern = re.compile("".join("[^\\W\\d_]{1,3}" if c == "*" else re.escape(c) for c in core))
        n = len(core)
        for word in targets:
            if n - 1 <= len(word) <= n + 3 and word[0] == core[0] and pattern.fullmatch(word):
                return word
        return None
    for form in (candidate, _RUNS.sub(r"\1\1", candidate), _RUNS.sub(r"\1", candidate)):
        if form in targets:
            return form
    return None


def _repair_token(match: re.Match[str]) -> str:
    token = match.group(0)
    if not _ODD_HINT.search(token):
        return token
    core = _EDGE.sub("", token)
    if len(core) < 3 or core.startswith(("http", "@")):
        return token
    word = _spelled(core.translate(_LEET), lx.spelling_targets())
    return token if word is None else token.replace(core, word)


def _join_spaced(match: re.Match[str]) -> str:
    joined = match.group(0).replace(" ", "")
    return joined if len(joined) >= 5 or joined in lx.spelling_targets() else match.group(0)


def repair_spelling(text: str) -> str:
    """Undo disguised spellings of insults and swear words in lower-case *text*: leetspeak
    ("1d10ot"), asterisks ("k*nker", "k**t"), spaced-out letters ("i d i o o t") and stretched
    letters ("idioooot"). A token is only rewritten when the result is a word of
    :func:`lexicons.spelling_targets` (spaced-out letters of five or more are always joined), so
    ordinary numbers, codes and mentions stay as they are."""
    if " " in text and _SPACED.search(text):
        text = _SPACED.sub(_join_spaced, text)
    if _SYMBOL_AFTER_LETTER.search(text) or _TRIPLE_LETTER.search(text):
        return _NONSPACE.sub(_repair_token, text)
    return text


def normalize(text: str, lang: str = "en") -> str:
    """Lower-case and mask the parts of a post that carry no wording (see module docstring); in a
    post read by the Dutch models (*lang* ``nl``) every pictographic symbol becomes a word."""
    text = text[:MAX_CHARS]
    text = _URL.sub(" httpurl ", text)
    # lone surrogates (from broken UTF-16) would break the hashing; replace them
    text = text.encode("utf-8", "replace").decode("utf-8").lower()
    text = repair_spelling(text)
    text = _MENTION.sub(" @user ", text)
    text = _DIGITS.sub("0", text)
    text = _REPEAT.sub(r"\1\1\1", text)
    lexicon = lx.insult_lexicon()
    if lexicon.intersection(_LEX_WORD.findall(text)):
        text = _mark_rejected_insults(text, lexicon)
        hits = len(lexicon.intersection(_LEX_WORD.findall(text)))
        if hits:
            text = f"{text} {' '.join([INSULT_TOKEN] * min(hits, 2))}"
    if lang == "nl" and not text.isascii():
        text = _PICTOGRAPH.sub(_emoji_word, text)
    return text


def _mark_rejected_insults(text: str, lexicon: frozenset[str]) -> str:
    """Replace an insult that is negated ("geen clown", "niet een idioot") or quoted to be
    rejected ("'tuig' noemen is …") by :data:`NEGATED_TOKEN` / :data:`QUOTED_TOKEN`, so that its
    word and character n-grams do not weigh as an insult of someone."""

    def negated(m: re.Match[str]) -> str:
        neg, gap, first, gap2, second = m.groups()
        if first in lexicon:
            first = NEGATED_TOKEN
        elif second in lexicon:
            second = NEGATED_TOKEN
        return f"{neg}{gap}{first}" + (f"{gap2}{second}" if second is not None else "")

    def quoted(m: re.Match[str]) -> str:
        return f"{m.group(1)}{QUOTED_TOKEN}{m.group(3)}" if m.group(2) in lexicon else m.group(0)

    text = _NEGATED.sub(negated, text)
    return _QUOTED_WORD.sub(quoted, text)


_word_vec = HashingVectorizer(
    ngram_range=(1, 2),
    n_features=WORD_FEATURES,
    alternate_sign=False,
    norm="l2",
    token_pattern=r"(?u)\b\w+\b|[?!]",
    lowercase=False,
)
_char_vec = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(2, 5),
    n_features=CHAR_FEATURES,
    alternate_sign=False,
    norm="l2",
    lowercase=False,
)


_char_grams = _char_vec.build_analyzer()
_char_hasher = FeatureHasher(n_features=CHAR_FEATURES, input_type="string", alternate_sign=False)
#: word -> (hashed n-gram indices, their counts) of that word alone.
_word_rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def _char_block(norms: Sequence[str]) -> sp.csr_matrix:
    """``_char_vec.transform(norms)``, built from cached per-word rows (identical values)."""
    docs = [norm.split() for norm in norms]
    cache = _word_rows
    new = list({w: None for doc in docs for w in doc if w not in cache})
    if new:
        if len(cache) + len(new) > WORD_CACHE_SIZE:
            cache.clear()
            new = list({w: None for doc in docs for w in doc})
        m = _char_hasher.transform(_char_grams(w) for w in new)
        ptr, idx, val = m.indptr, m.indices, m.data
        for i, w in enumerate(new):
            cache[w] = (idx[ptr[i] : ptr[i + 1]], val[ptr[i] : ptr[i + 1]])
    parts = [cache[w] for doc in docs for w in doc]
    n = len(norms)
    if not parts:
        return sp.csr_matrix((n, CHAR_FEATURES), dtype=np.float64)
    word_nnz = np.fromiter((len(p[0]) for p in parts), dtype=np.int64, count=len(parts))
    word_end = np.cumsum(word_nnz)
    doc_words = np.cumsum(np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=n))
    indptr = np.zeros(n + 1, dtype=np.int64)
    has_words = doc_words > 0
    indptr[1:][has_words] = word_end[doc_words[has_words] - 1]
    x = sp.csr_matrix(
        (np.concatenate([p[1] for p in parts]), np.concatenate([p[0] for p in parts]), indptr),
        shape=(n, CHAR_FEATURES),
        dtype=np.float64,
    )
    x.sum_duplicates()
    normalized: sp.csr_matrix = _l2_normalize(x, norm="l2", copy=False)
    return normalized


def _ends_with_question(norm: str) -> bool:
    """True when nothing but links, mentions, hashtags and symbols follows the last '?'."""
    last = norm.rfind("?")
    if last < 0:
        return False
    return _WORDCHAR.search(_MASKED.sub(" ", norm[last + 1 :])) is None


_CLAUSE_BREAK = re.compile(r"[.!?;:\n\"“”()…]+|\s[-–—]+\s")
_COMMA = re.compile(r",\s")
#: a wh-word followed by one of these opens an exclamation, not a question
_EXCLAMATION_NEXT = frozenset(["a", "an", "een"])
_QMARK_RUN = re.compile(r"\?\s*[?!]|!\s*\?")
_QUOTED_QUESTION = re.compile(r"\?\s*[\"“”'’]")
#: words skipped at the start of a clause before its opener is read
_LEAD_WORDS = frozenset(
    [
        "rt",
        "user",
        "and",
        "but",
        "so",
        "or",
        "ok",
        "okay",
        "oh",
        "hey",
        "hi",
        "hello",
        "well",
        "also",
        "then",
        "lol",
        "jo",
        "en",
        "maar",
        "dus",
        "of",
        "oké",
        "hoi",
        "hallo",
        "ja",
        "nee",
        "nou",
    ]
)
_PHRASES = {
    kind: {lang: re.compile(pattern) for lang, pattern in table.items()}
    for kind, table in (("ask", lx.ASKING_PHRASES), ("request", lx.REQUEST_PHRASES), ("tag", lx.TAG_QUESTION))
}


def _phrase(kind: str, key: str, norm: str) -> float:
    """1.0 when a phrase of *kind* (``ask``, ``request``, ``tag``) occurs in *norm*."""
    if not any(h in norm for h in lx.PHRASE_HINTS[kind][key]):
        return 0.0
    return 1.0 if _PHRASES[kind][key].search(norm) else 0.0


def _question_cues(norm: str, lang: str) -> list[float]:
    """Question cues read from the clauses of a normalised post.

    Returns ``opens_with_question_word`` (the first clause after leading retweet marks, mentions,
    links and hashtags opens with a question word or verb) followed by the values of
    ``DENSE_NAMES[16:]``: clauses opened by a wh-word (not "what a …") or by an inverted verb and
    its subject ("is there", "kan ik"), asking phrases ("anyone know", "weet iemand"), request forms
    ("please", "can you send"), tag questions ("…, right?"), a "?" with words after it, "??" or
    "?!", a "?" closing a quote, the number of "?", and the same openers read per comma segment:
    a segment that opens with a finite verb followed by any word (verb-first, the shape of a Dutch
    or English yes/no question without a "?": "kunnen ouderen …", "dag wijkagent, mogen kinderen
    …") and a segment opened by a wh-word.
    """
    key = "nl" if lang == "nl" else "en"
    wh, aux, subjects = lx.WH_WORDS[key], lx.QUESTION_AUX[key], lx.QUESTION_SUBJECTS[key]
    openers = lx.QUESTION_OPENERS[key]
    first_open = 0.0
    n_wh = n_inv = seg_v1 = seg_wh = 0
    seen_first = False
    for clause in _CLAUSE_BREAK.split(_MASKED.sub(" ", norm)):
        for i, segment in enumerate(_COMMA.split(clause)):
            w0, w1 = _opening(segment)
            if not w0:
                continue
            exclamation = w0 in wh and w1 in _EXCLAMATION_NEXT  # "what a …", "wat een …"
            is_wh = w0 in wh and not exclamation
            if is_wh:
                seg_wh += 1
            elif w0 in aux and w1:
                seg_v1 += 1
            if i:
                continue
            if not seen_first:
                seen_first = True
                first_open = 1.0 if w0 in openers and not exclamation else 0.0
            if is_wh:
                n_wh += 1
            elif w0 in aux and w1 in subjects:
                n_inv += 1
    has_q = "?" in norm
    return [
        first_open,
        min(n_wh, 2) / 2,
        min(n_inv, 2) / 2,
        _phrase("ask", key, norm),
        _phrase("request", key, norm),
        _phrase("tag", key, norm),
        1.0 if has_q and not _ends_with_question(norm) else 0.0,
        1.0 if has_q and _QMARK_RUN.search(norm) else 0.0,
        1.0 if has_q and _QUOTED_QUESTION.search(norm) else 0.0,
        min(norm.count("?"), 3) / 3,
        min(seg_v1, 2) / 2,
        min(seg_wh, 2) / 2,
    ]


def _opening(segment: str) -> tuple[str, str]:
    """The first two words of a clause or segment, after leading retweet marks, greetings and
    symbols ("" where there is none)."""
    words = segment.split()
    k = 0
    while k < len(words) and (words[k] in _LEAD_WORDS or not _WORDCHAR.search(words[k])):
        k += 1
    if k >= len(words):
        return "", ""
    w0 = words[k].strip(",'’")
    w1 = words[k + 1].strip(",'’") if k + 1 < len(words) else ""
    return w0, w1


def _dense_row(raw: str, norm: str, lang: str) -> list[float]:
    tokens = _TOKEN.findall(norm)
    words = [t for t in tokens if t not in ("?", "!")]
    cues = _question_cues(norm, lang)
    insult_positions = [i for i, w in enumerate(words) if w in lx.INSULTS]
    address_positions = [i for i, w in enumerate(words) if w in lx.ADDRESS]
    near = sum(1 for i in insult_positions if any(abs(i - j) <= 3 for j in address_positions))
    if lang == "nl":
        pol = lx.nl_polarity()
        pos = sum(1 for w in words if pol.get(w, 0.0) > 0.2)
        neg = sum(1 for w in words if pol.get(w, 0.0) < -0.2)
    else:
        pos = sum(1 for w in words if w in lx.EN_POSITIVE)
        neg = sum(1 for w in words if w in lx.EN_NEGATIVE)
    return [
        1.0 if "?" in norm else 0.0,
        1.0 if _ends_with_question(norm) else 0.0,
        cues[0],
        min(len(insult_positions), 3) / 3,
        min(near, 2) / 2,
        min(sum(1 for w in words if w in lx.SWEARS), 3) / 3,
        min(pos, 4) / 4,
        min(neg, 4) / 4,
        min(norm.count("!"), 3) / 3,
        min(norm.count("httpurl"), 2) / 2,
        min(norm.count("@user"), 3) / 3,
        min(raw.count("#"), 4) / 4,
        min(sum(1 for w in words if w in lx.EXPLAIN_MARKERS), 3) / 3,
        min(sum(1 for w in words if w in lx.WE_WORDS), 3) / 3,
        1.0 if _QUOTED.search(raw) else 0.0,
        min(np.log1p(len(words)) / 5, 1.0),
        *cues[1:],
    ]


def featurize(texts: Sequence[str], langs: Sequence[str]) -> sp.csr_matrix:
    """The feature matrix (one row per text) every classifier reads."""
    if len(texts) != len(langs):
        raise ValueError(f"texts and langs differ in length ({len(texts)} vs {len(langs)})")
    norms = [normalize(t or "", lang) for t, lang in zip(texts, langs, strict=True)]
    dense = np.array(
        [_dense_row(t or "", n, lang) for t, n, lang in zip(texts, norms, langs, strict=True)],
        dtype=np.float32,
    ).reshape(len(texts), len(DENSE_NAMES))
    blocks = [_word_vec.transform(norms), _char_block(norms), sp.csr_matrix(dense)]
    return sp.hstack(blocks, format="csr", dtype=np.float32)


N_FEATURES = WORD_FEATURES + CHAR_FEATURES + len(DENSE_NAMES)
