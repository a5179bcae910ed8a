"""One spider per outlet: discovery plus a thin parse that calls the outlet's parser."""
