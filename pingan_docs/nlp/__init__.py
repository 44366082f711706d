"""Chinese NLP: a spaCy pipeline (blank ``zh`` + jieba) with our own components.

``pipeline.get_nlp()`` builds it once per process; each component lives in its own
module (units, roles, targets, deadlines) and writes its results onto the ``Doc``;
``assemble`` turns a processed ``Doc`` into the pydantic :class:`~pingan_docs.models.Task`
list.
"""
