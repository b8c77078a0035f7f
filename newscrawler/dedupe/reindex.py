"""Rebuild the archive's near-duplicate index for new ``DEDUPE_*`` parameters.

Every stored signature is signed again from its article's stored body with
the new :class:`~newscrawler.dedupe.signature.Signer`, and its bucket keys are
replaced; clusters and duplicate marks already given are kept (later articles
are compared with the new signatures). The new parameters are recorded with
the index, so crawls with them are accepted from then on.
"""

from __future__ import annotations

from newscrawler.dedupe.signature import Key, Signer, exact_key, to_bytes
from newscrawler.dedupe.sqlstore import params_of
from newscrawler.text.fingerprints import fold_text, folded_hash
from storage.db import Database
from storage.dedupe import DedupeTables


def reindex(db: Database, signer: Signer) -> tuple[int, int]:
    """Re-sign the index of ``db`` with ``signer``: (signatures re-signed, dropped without body)."""
    tables = DedupeTables(db)

    def sign(body: str) -> tuple[bytes, list[Key]]:
        folded = fold_text(body)
        hashes = signer.sign_words(folded.split())
        return to_bytes(hashes), [exact_key(folded_hash(folded)), *signer.band_keys(hashes)]

    return tables.rebuild(sign, tables.stored_bodies(), params_of(signer))
