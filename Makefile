.PHONY: run test install bench

run:
	scripts/run.sh

test:
	scripts/test.sh

install:
	scripts/install.sh

bench:
	scripts/install.sh && PATH="$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$$PATH" REFLEX_USE_SYSTEM_BUN=1 python bench/bundle.py
