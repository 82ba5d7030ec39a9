"""Hard negatives: ordinary messages to a youth service must be allowed. Counter-speech, idioms, place
names with rude words in them, and sport and games.

First through every rule-based detector, then through the whole default screen with the learned
classifiers too. The models trained on other hand-written hard negatives
(harbour/screening/training/hard_negatives.txt), never on these rows, so these stay a fair check.
"""

import pytest

from harbour.screening import registry
from harbour.screening.engine import Engine, default_engine
from harbour.screening.verdict import Action

RULES = Engine([path for path in registry.DETECTORS if ".classifier." not in path])

ALLOWED = [
    "I'm going to kill it in my exam tomorrow!",
    "this exam is killing me 💀💀",
    "that's a killer outfit",
    "calling someone a slag is not ok",
    "saying kys is not ok, please report it",
    "the word 'retard' is a slur, don't use it",
    "Scunthorpe 2 Penistone 1, what a game",
    "Cockermouth and Middlesex are lovely",
    "the assassin's creed game is class",
    "I had grapes and a cocktail sausage",
    "my therapist is helping me a lot",
    "shitake mushroom risotto",
    "Dick Whittington at the panto was brilliant",
    "I'll beat you at fifa later",
    "you're dead funny you are",
    "we saw blue tits and great tits at the nature reserve",
    "bring your tennis balls on Friday",
    "I nearly died laughing 😂",
    "my phone died at the concert",
    "thanks hun, see you next week x",
    "wow, bitter lemon is nice",
    "sex education is on the curriculum",
    "I'm gay and proud",
    "is anyone else gay at my school",
    "Nice to meet you all",
    "we met at the youth club",
    "Great session tonight, well done everyone",
    "can't wait for the trip on Saturday!!!",
    "cooool, see you soon",
    "the score was 12-3",
    "I have 2 cats and a dog",
    # the sexual model learned "like", "want" and "me" from 93 chatbot turns (function_words.txt)
    "I would like to donate to the food bank",
    "I want to join",
    "would you like to come to our open day?",
    "do you like me?",
]


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_messages_are_allowed(text):
    verdict = RULES.screen(text)
    assert verdict.action == Action.ALLOW, [(f.category, f.severity, f.reason) for f in verdict.findings]


def test_an_organisation_can_allow_a_local_place_name():
    engine = Engine(RULES.detectors, allow=["Bell End"])
    assert engine.screen("Walk from Bell End to Romsley").action == Action.ALLOW
    assert RULES.screen("Walk from Bell End to Romsley").action != Action.ALLOW


# The whole default screen, learned classifiers included. A bag of character n-grams reads "Cockermouth" and
# "shitake" as rude and "the word 'retard' is a slur" as abuse; the classifiers do not count innocent words
# (detectors/data/innocent_words.txt) or quoted and challenged ones as evidence (test_classifier.py), which
# is what lets those rows through. Until that rule, they were strict xfails here.
FULL = default_engine()

# Known misses of the full screen, each a strict xfail, so a fix shows. "curriculum" weighs 15 towards bullying
# (from five positive tweets); it stayed under the threshold until the bullying model stopped counting
# accounts of being bullied at school as bullying (2026-12-03), which cleared "is anyone else gay at my school"
# and ten identity statements like it, and moved the threshold from 0.50 to 0.52 and this row from 0.51 to 0.56.
# Since the retrain without the kept part (2026-12-05): the hate model chose a lower threshold (0.25 -> 0.20)
# and reads HatEval's "come to our (country)" in an invitation (0.26; the hate head did not earn its place).
FULL_SCREEN_MISSES = {
    "would you like to come to our open day?": "the retrained hate model reads 'come to our' (0.26)",
}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=FULL_SCREEN_MISSES[t]))
        if t in FULL_SCREEN_MISSES
        else t
        for t in ALLOWED
    ],
)
def test_ordinary_messages_are_allowed_by_the_full_screen(text):
    verdict = FULL.screen(text)
    assert verdict.action == Action.ALLOW, [(f.detector, f.severity, f.score) for f in verdict.findings]


# Long posts, 600-800 characters. Until the models trained on long ordinary text (OneStopEnglish news
# passages, training/data.py), nearly every long training text was a toxic Civil Comments post, and the hate
# model hid the first, second and fourth of these.
LONG_POSTS = [
    # a young person's post about their week
    (
        "Honestly this week has been so busy. On Monday we had our mock exams, which went better than I "
        "thought, especially maths, because I actually revised for once. Tuesday was football training in the"
        " rain and coach made us do extra laps because half the team turned up late. On Wednesday my nan came"
        " round and we made a massive lasagne together, she showed me how to do the white sauce properly "
        "without lumps. Thursday I went to the youth club and we planned the summer trip, everyone wants to "
        "go to the beach but the minibus only has sixteen seats so we are going to have to take turns. Friday"
        " was the best because we finally finished our art project, a mural about our town, and the teachers "
        "said it is going up in the school hall. Cannot wait for the weekend now, going to sleep for about "
        "twelve hours."
    ),
    # a history project about migration
    (
        "For our history project we interviewed people in our town who came here from other countries. One "
        "man arrived from Jamaica in 1962 and worked on the buses for thirty years. A woman told us how her "
        "family left Uganda in 1972 with one suitcase each and started a corner shop that is still open "
        "today. Another family talked about moving from Syria and learning English from cartoons. We learned "
        "that the government at the time made lots of rules about who could come and stay, and that "
        "newspapers often wrote about immigration as a problem, even though the people we met had built "
        "businesses, raised families and served as nurses and teachers. Our display will be in the library "
        "for the whole of March."
    ),
    # a post about local politics and a youth council
    (
        "The youth council met with the mayor on Thursday to talk about the budget for next year. The council"
        " says it has to save four million pounds, and youth services might lose two of the five clubs. We "
        "argued that the clubs keep young people safe, give them somewhere warm to go after school, and help "
        "with homework and jobs. The mayor said no decision has been made yet and that there will be a public"
        " consultation in the spring. Several councillors from different parties asked good questions about "
        "transport, because the buses in the villages stop running at six. If you want to have your say, the "
        "survey link will be on our page next week, and we will also have paper copies at every club."
    ),
    # a long match report
    (
        "What a game on Saturday. We went one nil down after ten minutes when their striker got behind our "
        "defence, and for a while it looked like we were going to get battered. Then Amira won the ball in "
        "midfield, played it wide to Josh, and his cross was headed in at the back post. Second half we "
        "attacked the whole time. Their keeper made three brilliant saves and we hit the crossbar twice. With"
        " five minutes left Callum took a shot from outside the box that took a deflection and flew into the "
        "top corner. The away fans went quiet, ours went mad. We are now second in the league with four games"
        " to go, and the final is at the county ground in May if we get through the semi."
    ),
    # a remembrance post
    (
        "This week we remember the soldiers, sailors, nurses and civilians who died in the two world wars and"
        " in conflicts since. Our group visited the war memorial in the park and read the names of the men "
        "from our street who were killed at the Somme in 1916. Some of them were only seventeen or eighteen, "
        "barely older than us. We also learned about the soldiers from India, Africa and the Caribbean who "
        "fought for Britain and whose stories were left out of the history books for a long time. On Sunday "
        "the cadets will lay a wreath at eleven o'clock, and everyone is welcome to join the two minutes of "
        "silence."
    ),
]


@pytest.mark.parametrize("text", LONG_POSTS, ids=lambda t: t[:30])
def test_long_ordinary_posts_are_allowed_by_the_full_screen(text):
    verdict = FULL.screen(text)
    assert verdict.action == Action.ALLOW, [(f.detector, f.severity, f.score) for f in verdict.findings]


def test_the_models_never_trained_on_these_rows():
    """These rows check the models' hard-negative training (harbour/screening/training/hard_negatives.txt);
    they are only a fair check while none of them is in it."""
    from harbour.screening.training.data import hard_negatives

    trained = {example.text.lower() for example in hard_negatives()}
    assert not trained & {text.lower() for text in ALLOWED + LONG_POSTS}
