"""A pipeline step that raises on one record, as a bug in a pipeline would (tests only)."""


class RaisesOnce:
    def __init__(self):
        self.raised = False

    def process_item(self, item, spider=None):
        if not self.raised:
            self.raised = True
            raise RuntimeError("a bug in a pipeline step")
        return item
