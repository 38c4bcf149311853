# Oui Ensemble ERP — the two commands (see README.md)
PYTHON ?= python3

.PHONY: run test lint
run:
	$(PYTHON) tools/oe_dev.py run

test:
	$(PYTHON) tools/oe_dev.py test

lint:
	$(PYTHON) -m ruff check addons tools tests
	$(PYTHON) -m ruff format --check addons tools tests
	$(PYTHON) -m pylint --rcfile=.pylintrc addons/oe_*
