# The two set-up commands of README.md.
PYTHON ?= python3

.PHONY: demo test lint

demo:
	$(PYTHON) scripts/project.py demo

test:
	$(PYTHON) scripts/project.py test -- $(PYTEST_ARGS)

lint:
	$(PYTHON) scripts/project.py lint
