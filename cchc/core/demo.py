"""Demo data of every module, loaded by ``make run`` (``manage.py load_demo``). Each module adds its loader here."""

from cchc.orgs.demo import load_demo as load_orgs


def load_all() -> list[dict]:
    accounts = load_orgs()
    return accounts
