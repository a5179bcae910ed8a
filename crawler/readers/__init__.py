"""What the archive's readers get: exports (``records``, ``export``), stories across outlets
(``stories``), full-text search hits with snippets (``search``), the HTML report (``report``) and
a browsable read-only copy for Datasette (``browse``). Readers look at the archive (through
crawler/archive/), never the other way round; commands in crawler/commands/ are thin over them.
"""
