from harbour.console.management.commands.run import local_environment


def test_the_local_demo_polls_often_and_serves_plain_http_on_this_computer():
    env = local_environment({"PATH": "/usr/bin"})
    assert env["HARBOUR_POLL_SECONDS"] == "15"
    assert env["HARBOUR_HTTPS"] == "false"
    assert env["PATH"] == "/usr/bin"


def test_what_the_person_set_wins_over_the_demo_defaults():
    env = local_environment({"HARBOUR_POLL_SECONDS": "300", "HARBOUR_HTTPS": "true"})
    assert env["HARBOUR_POLL_SECONDS"] == "300" and env["HARBOUR_HTTPS"] == "true"
