"""Rebuild detectors/models/bullying.npz: bullying and targeted personal insults (cyberbullying tweets as
weak data; OLID's insults aimed at an individual against its inoffensive tweets). Formspring and Impermium
are evaluation only and never used here."""

from __future__ import annotations

from harbour.screening.training.data import TRAINABLE, balance_sources, load
from harbour.screening.training.quality import evaluate_model
from harbour.screening.training.spec import Spec

SPEC = Spec(
    name="bullying-v1",
    label="bullying",
    file="bullying.npz",
    description="Bullying: insults and put-downs aimed at one person.",
)


# The cyberbullying tweets (Wang et al.) were labelled largely by keyword and hashtag, so at their general weight
# (0.3, data.py) this model learned topics rather than bullying: "school", "muslim", "christian", "islam" weighed
# 20-28 towards bullying, and a post about school or someone's religion was flagged. For this label alone they
# count 0.1 (chosen on validation rows only: macro-F1 0.552 -> 0.563 while those weights fell by about half;
# at 0.0 macro-F1 fell by 0.04). The abuse and hate models keep the set's general weight.
CYBERBULLYING_WEIGHT = 0.1

# The cyberbullying tweets' "age" class (accounts of being bullied at school) carries no label since 2026-12-03
# (data.cyberbullying_tweets). As bullying positives they made "school" weigh 15 towards bullying and "is anyone
# else gay at my school" went to review; without them "school" weighs -0.7 and OLID's validation F1 for targeted
# insults is level (0.548 -> 0.549; precision 0.630 -> 0.649).

# The sets' own shares of bullying positives (cyberbullying tweets 84%, OLID 22%; Davidson and ConvAbuse
# give negatives only) say how each was collected, so each set's positives and negatives are moved halfway
# (power 0.5, in log weight) towards equal weight (data.balance_sources). Chosen on validation rows only,
# from powers 0, 0.5 and 1: best validation macro-F1 0.572 / 0.593 / 0.588 (at the chosen threshold
# 0.563 / 0.583 / 0.579). With the other models as shipped, the full screen's recall on the validation rows
# of OLID, HatEval, ConvAbuse, toxic-spans and Davidson stayed level or rose (OLID 0.502 -> 0.521; the
# cyberbullying tweets' fell 0.783 -> 0.779). Balancing the abuse and hate models the same way raised their
# own validation macro-F1 too, but cost the full screen recall on toxic-spans (abuse) and HatEval (hate),
# so they are not balanced.
BALANCE_POWER = 0.5


def main(datasets, log=print) -> dict:
    from harbour.screening.training.linear import build  # scikit-learn: only when training

    examples = load(datasets, TRAINABLE)
    for ex in examples:
        if ex.source == "cyberbullying-tweets":
            ex.label_weights[SPEC.label] = CYBERBULLYING_WEIGHT
    balance_sources(examples, SPEC.label, BALANCE_POWER)
    return build(SPEC, examples, log=log)


def evaluate(datasets) -> dict:
    """Precision, recall and F1 per set of the shipped model (for `make bench`)."""
    return evaluate_model(SPEC.file, SPEC.label, datasets)
