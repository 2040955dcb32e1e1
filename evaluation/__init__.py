"""Accuracy on real data: the pipeline measured against hand-made truth.

``python -m evaluation`` (``make eval``) runs the pipeline over ``../shared/realdata``
(damaged pages with hand-decoded runs, real policy documents and version pairs, each with
truth made by hand) and prints how much of the truth it gets right. The data is
third-party text and stays outside the repository; this package holds only the scorers,
which implement the matching rules of that folder's README:

- ``evaluation.text``: the normalisation every comparison uses (NFKC, no spaces);
- ``evaluation.repair``: damaged runs restored / wrong / marked lost / left garbled, and
  changes on clean control pages;
- ``evaluation.structure``: outline, targets, references and metadata of documents;
- ``evaluation.diffs``: provision changes between two versions;
- ``evaluation.run``: loading the data, running the pipeline, the report.

Each scorer is a pure function of plain data (the truth and the pipeline's output as
dicts), so it is unit-tested on small fixtures without the real data.
"""
