"""Precision and recall of near-duplicate detection on a generated, labelled Bengali set.

Usage: ``python bench/dedupe_eval.py [--originals 1200] [--seed 5] [--threshold T] [--sql]``

The set (``bench/dedupe_corpus.py``) has originals, copies of them on other
sites (1-20% of words edited, headline changed, paragraphs reordered or dropped,
boilerplate and a sign-off added) and hard negatives (new articles on the same
topic and event: same names, places and numbers). Articles arrive in random
order, as in a crawl, and go through :class:`DuplicateIndex` one by one.

* **Stream**: an article is a true duplicate when an earlier article of its
  family exists; a flag (``duplicate_of`` set) is correct when ``duplicate_of``
  is of its family. Precision = correct flags / flags; recall = correct flags /
  true duplicates.
* **Pairs**: each labelled pair (copy, original) or (negative, original) is
  classified by our signature similarity and, as the peer, by trafilatura's
  SimHash (its tokens must pass ``str.isalnum()``, which Bengali vowel signs fail).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedupe_corpus import Synthetic, make_labelled_set
from trafilatura.deduplication import Simhash

from newscrawler.dedupe import DuplicateIndex, MemoryStore, SignatureStore, Signer
from newscrawler.dedupe.signature import similarity

TARGET_PRECISION, TARGET_RECALL = 0.99, 0.95
SIMHASH_THRESHOLD = 0.9


def make_store(sql: bool, folder: str) -> SignatureStore:
    if not sql:
        return MemoryStore()
    from newscrawler.dedupe.sqlstore import SqlStore
    from storage.db import open_archive

    return SqlStore(open_archive(f"sqlite:///{folder}/eval.sqlite"))


def stream_scores(articles: list[Synthetic], index: DuplicateIndex) -> tuple[float, float, float]:
    family_of = {a.url: a.family for a in articles}
    seen: set[int] = set()
    flags = correct = truth = 0
    started = time.perf_counter()
    for article in articles:
        verdict = index.check(article.url, article.body)
        truth += article.family in seen
        seen.add(article.family)
        if verdict.duplicate_of is not None:
            flags += 1
            correct += family_of[verdict.duplicate_of] == article.family
    elapsed = time.perf_counter() - started
    return correct / max(flags, 1), correct / max(truth, 1), elapsed


def labelled_pairs(articles: list[Synthetic]) -> list[tuple[Synthetic, Synthetic, bool]]:
    originals = {a.url.rsplit("/", 1)[1]: a for a in articles if a.role == "original"}
    pairs = []
    for a in articles:
        if a.role == "copy":
            pairs.append((a, originals[a.url.rsplit("/", 1)[1].split("-")[0]], True))
        elif a.role == "negative":
            pairs.append((a, originals[a.url.rsplit("/", 1)[1]], False))
    return pairs


def pair_scores(pairs: list[tuple[Synthetic, Synthetic, bool]], scores: list[float], t: float):
    tp = sum(1 for (_, _, dup), s in zip(pairs, scores, strict=True) if dup and s >= t)
    fp = sum(1 for (_, _, dup), s in zip(pairs, scores, strict=True) if not dup and s >= t)
    positives = sum(1 for _, _, dup in pairs if dup)
    return tp / max(tp + fp, 1), tp / max(positives, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=Signer().threshold)
    parser.add_argument("--num-perm", type=int, default=Signer().num_perm)
    parser.add_argument("--sql", action="store_true", help="use the SQL store on SQLite")
    args = parser.parse_args()

    articles = make_labelled_set(args.originals, seed=args.seed)
    roles = {r: sum(a.role == r for a in articles) for r in ("original", "copy", "negative")}
    print(f"set: {len(articles)} articles {roles}, seed {args.seed}")
    signer = Signer(num_perm=args.num_perm, threshold=args.threshold)
    print(f"num_perm {signer.num_perm}, LSH bands x rows {signer.bands_rows}")
    with tempfile.TemporaryDirectory() as folder:
        store = make_store(args.sql, folder)
        precision, recall, elapsed = stream_scores(articles, DuplicateIndex(store, signer))
        store.close()
    ok = precision >= TARGET_PRECISION and recall >= TARGET_RECALL
    print(
        f"stream, MinHash+LSH at threshold {args.threshold}: precision {precision:.4f} "
        f"recall {recall:.4f} (targets {TARGET_PRECISION}/{TARGET_RECALL}: "
        f"{'met' if ok else 'NOT met'}), {1000 * elapsed / len(articles):.2f} ms/article"
    )

    pairs = labelled_pairs(articles)
    ours = [similarity(signer.sign(a.body), signer.sign(b.body)) for a, b, _ in pairs]
    peer = [Simhash(a.body).similarity(Simhash(b.body)) for a, b, _ in pairs]
    p_ours, r_ours = pair_scores(pairs, ours, args.threshold)
    p_peer, r_peer = pair_scores(pairs, peer, SIMHASH_THRESHOLD)
    negatives = [s for (_, _, dup), s in zip(pairs, peer, strict=True) if not dup]
    print(f"pairs: {sum(d for *_, d in pairs)} duplicate, {len(negatives)} hard negative")
    print(f"  ours (MinHash of word bigrams >= {args.threshold}): P {p_ours:.4f} R {r_ours:.4f}")
    print(f"  peer (trafilatura SimHash >= {SIMHASH_THRESHOLD}): P {p_peer:.4f} R {r_peer:.4f}")
    print(
        f"  peer scores hard negatives at mean {sum(negatives) / len(negatives):.3f} "
        f"(identical = 1.0); precision ratio ours/peer {p_ours / max(p_peer, 1e-9):.2f}"
    )


if __name__ == "__main__":
    main()
