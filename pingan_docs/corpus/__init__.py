"""The corpus run around the per-file pipeline (:func:`pingan_docs.extract.extract_file`).

``inputs`` finds the files and names their outputs, ``outdir`` guards the output folder
(lock, stray temporaries), ``cache`` decides what a rerun can skip, ``pool`` runs the
per-file function in worker processes with a time budget, ``ray_engine`` runs it on a Ray
cluster, and ``run`` ties them together. This module imports nothing at import time, so
``pingan_docs.extract`` can use the id rules without a cycle.
"""
