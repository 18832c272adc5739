"""Every write bumps its live's people version, so cached counts are never read stale."""

from django.core.cache import caches

from lives_admin.people.versions import people_changed, people_version


def test_each_change_gives_the_live_a_new_version_and_leaves_others_alone():
    assert people_version("live001") == 0
    people_changed("live001")
    people_changed("live001")
    assert people_version("live001") == 2
    assert people_version("live002") == 0


def test_a_version_gone_between_add_and_incr_still_changes(monkeypatch):
    # Redis evicting or flushing the key at that moment: incr says "not found".
    people_changed("live001")
    people_changed("live001")
    assert people_version("live001") == 2
    cache = caches["shared"]  # every process reads it: the worker's bumps reach the pages
    real_add, lost = cache.add, []

    def add_then_lose_it_once(key, value, timeout=None):
        added = real_add(key, value, timeout=timeout)
        if not lost:
            lost.append(cache.delete(key))
        return added

    monkeypatch.setattr(cache, "add", add_then_lose_it_once)
    people_changed("live001")  # no ValueError reaches the view
    assert lost == [True]
    assert people_version("live001") == 1  # counted again from 0, not an error
