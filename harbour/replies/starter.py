"""The starter library of privacy advice (guidance 5.3): one short, friendly reply for each kind of
personal information a young person might post. Each says why the post was hidden and how to set
privacy, never repeats the young person's details, fits a Bluesky post (300 characters), and reads at
age 9 to 11 by the readability detector's measure (tests/replies/test_starter_library.py holds the
figures). An organisation edits its own copy on the saved replies page."""

from harbour.replies.models import AdviceTopic

STARTER_ADVICE = [
    (
        AdviceTopic.PHONE,
        "Phone number or email",
        (
            "Hi, we have hidden your post because it had a phone number or an email address in it. Anyone on "
            "this site can see your posts, so it is safer to keep that information private. You can choose "
            "who sees your posts in your privacy settings. Thank you for getting in touch!"
        ),
    ),
    (
        AdviceTopic.ADDRESS,
        "Home address",
        (
            "Hi, we have hidden your post because it showed your home address, which is private. Anyone on "
            "this site can read your posts, so please keep your address to yourself. You can turn off your "
            "location and choose who sees your posts in your privacy settings."
        ),
    ),
    (
        AdviceTopic.SCHOOL,
        "School name",
        (
            "Hi, we have hidden your post because it named your school. People you do not know could use that"
            " information to find you, so it is better to keep it private. You can choose who is able to see "
            "your posts in your privacy settings."
        ),
    ),
    (
        AdviceTopic.AGE_PLACE,
        "Age with a place",
        (
            "Hi, we have hidden your post because it said how old you are and where you would be. Anyone on "
            "this site can read your posts, so please keep information like this private. You can choose who "
            "sees your posts in your privacy settings, and stay safe!"
        ),
    ),
    (
        AdviceTopic.ADD_ME,
        "“Add me on…”",
        (
            "Hi, we have hidden your post because it asked people to add you on another app. You cannot "
            "always tell who is really adding you, so please only chat with people you know in real life. You"
            " can make your other apps private in their settings too."
        ),
    ),
    (
        AdviceTopic.ANY,
        "Any personal details",
        (
            "Hi, we have hidden your post because it had personal information in it. Anyone on this site can "
            "read your posts, so please keep your details private. You can choose who sees your posts in your"
            " privacy settings. Thank you for getting in touch!"
        ),
    ),
]

# The demo's one general saved reply (issue 17, Demo).
DEMO_GENERAL = ("We will reply within a day", "Thanks for your question, we'll reply within a day.")
