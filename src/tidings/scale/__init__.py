"""Scale: coding many articles on one machine or a cluster, and reporting on it.

    workers    ``LocalEngine``: a process pool, the coder loaded once per worker,
               results in input order, bounded memory (``--workers N``)
    dask       ``run_dask``: partitions read and coded inside Dask workers, written as
               Parquet partitions (``--engine dask``)
    output     those Parquet partitions: written, resumed, loaded into the store
               (``tidings load``)
    progress   the progress bar, the run's counts by reason, the closing summary
    watch      ``tidings watch``: RSS/Atom feeds polled, new articles coded and stored

``docs/scale.md`` describes each, with the measured figures.
"""
