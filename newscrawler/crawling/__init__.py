"""Running crawls: the in-process runner, job directories, and offline extraction
of one saved page through the item pipelines.
"""
