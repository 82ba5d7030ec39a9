from harbour.lib.backoff import backoff


class Highest:
    def uniform(self, low, high):
        return high


class Lowest:
    def uniform(self, low, high):
        return low


def test_doubles_from_first_up_to_longest():
    assert [backoff(n, first=30, longest=3600, rng=Lowest()) for n in range(4)] == [30, 60, 120, 240]
    assert backoff(20, first=30, longest=3600, rng=Lowest()) == 3600


def test_jitter_adds_up_to_half_again():
    assert [backoff(n, first=30, longest=3600, rng=Highest()) for n in range(3)] == [45, 90, 180]
    assert backoff(20, first=30, longest=3600, rng=Highest()) == 5400


def test_never_sooner_than_the_platform_asked():
    assert backoff(0, first=30, longest=3600, retry_after=600, rng=Highest()) == 600
    assert backoff(5, first=30, longest=3600, retry_after=1, rng=Lowest()) == 960


def test_a_negative_attempt_waits_the_first_gap():
    assert backoff(-1, first=60, longest=3600, rng=Lowest()) == 60
