.PHONY: run test install bench lighthouse bench-workshop bench-game bench-probe bench-matching bench-scheduler

run:
	scripts/run.sh

test:
	scripts/test.sh

install:
	scripts/install.sh

bench:
	scripts/install.sh dev && PATH="$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$$PATH" REFLEX_USE_SYSTEM_BUN=1 python bench/bundle.py

lighthouse:
	scripts/install.sh dev && [ -x .tools/lighthouse/node_modules/.bin/lighthouse ] || npm install --prefix .tools/lighthouse --no-fund --no-audit --loglevel=error lighthouse@12
	command -v nginx >/dev/null || (apt-get update && apt-get install -y nginx openssl)
	PATH="$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$$PATH" REFLEX_USE_SYSTEM_BUN=1 python bench/lighthouse.py
bench-workshop:
	scripts/install.sh dev && PATH="$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$$PATH" REFLEX_USE_SYSTEM_BUN=1 sh -c 'python bench/workshop_load.py --mode self_paced && python bench/workshop_load.py --mode live'
bench-game:
	scripts/install.sh dev && PATH="$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$$PATH" REFLEX_USE_SYSTEM_BUN=1 python bench/workshop_load.py --phones 1000 --mode game
bench-probe:
	scripts/install.sh dev && PATH="$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$$PATH" REFLEX_USE_SYSTEM_BUN=1 python bench/hostile_probe.py
bench-matching:
	scripts/install.sh dev && .venv/bin/python bench/matching.py
bench-scheduler:
	scripts/install.sh dev && .venv/bin/python bench/scheduler.py && eval "$$(scripts/services.sh start)" && \
	  .venv/bin/python bench/scheduler.py --database "$$DATABASE_URL"; scripts/services.sh stop
