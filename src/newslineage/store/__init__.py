"""The embedded store (SQLite by default) and incremental add; see ``core``.

    from newslineage.store import Store
    with Store("news.db") as store:
        store.add(["articles/"])
        print(store.check(text)["relations"])
"""
from .core import AddResult, Store, StoreError
from ..settings import ServiceSettings, StoreSettings

__all__ = ["Store", "StoreError", "AddResult", "StoreSettings", "ServiceSettings"]
