# pvx: a slim x86-64 PV hypervisor and a newlib unikernel guest.
#
#   make run                  build everything and boot apps/hello on pvx (GRUB2 ISO in QEMU)
#   make run APP=<name>       boot apps/<name> instead
#   make run GUEST=<elf>      boot any Xen-ABI 64-bit PV kernel
#   make run-xen              boot the same guest image as dom0 on Debian's Xen 4.17
#   make test                 every test; last line "N passed, N failed"
#   make gdb                  QEMU halted with a gdb stub, gdb with hv and guest symbols
#   make bench [REPS=3]       apps/bench on pvx and Xen 4.17; build/bench, docs/benchmarks.md
#   make trace APP=<name>     boot an app with the hypervisor trace on; pictures in
#                             build/trace/<name>/ (TRACE=all, or e.g. TRACE=hc,pin)
#   make tour                 make trace APP=tour, pictures copied into docs/tour/
#   make fuzz [FUZZ_SEED=N] [FUZZ_COUNT=1000000] [FUZZ_HV_ARGS="audit mem=16M"]
#                             the hypercall fuzzer under the audit (docs/fuzzing.md)
#   make clean                remove build/
#
# Options (plain variables):
#   APP=hello  GUEST=<path>  HV_ARGS="mem=64M loglevel=2"  GUEST_ARGS="..."
#   BOOT=grub|kernel (GRUB2 ISO, or the Multiboot1 fast path through qemu -kernel)
#   TIMEOUT=<seconds> for every QEMU run (default 60)

APP        ?= hello
GUEST      ?= build/apps/$(APP)/$(APP).elf
HV_ARGS    ?=
GUEST_ARGS ?=
BOOT       ?= grub
TIMEOUT    ?= 60

BUILD      := build
CC         := gcc
AR         := ar
OBJCOPY    := objcopy

.PHONY: all deps run run-xen test unit-test boot-test gdb bench trace tour fuzz clean
.DEFAULT_GOAL := all

all: hv guest apps

include hv/hv.mk
-include guest/guest.mk
-include apps/apps.mk
include tests/tests.mk

# Debian packages (installed only when missing) and Xen 4.17 (unpacked into build/).
deps:
	@scripts/deps.sh

$(BUILD)/xen/xen.gz: | deps
	@scripts/xen.sh $(BUILD)/xen

RUN := scripts/run.sh --timeout $(TIMEOUT) --boot $(BOOT)

run: deps all $(GUEST)
	@$(RUN) --system pvx --hv $(HV_ELF) --guest $(GUEST) \
	    --hv-args "$(HV_ARGS)" --guest-args "$(GUEST_ARGS)"

run-xen: deps all $(GUEST) $(BUILD)/xen/xen.gz
	@$(RUN) --system xen --hv $(BUILD)/xen/xen.gz --guest $(GUEST) \
	    --guest-args "$(GUEST_ARGS)"

gdb: deps all $(GUEST)
	@$(RUN) --system pvx --hv $(HV_ELF) --guest $(GUEST) \
	    --hv-args "$(HV_ARGS)" --guest-args "$(GUEST_ARGS)" --gdb

# The hypercall fuzzer (tests/guest/fuzz): FUZZ_COUNT hypercalls from seed
# FUZZ_SEED (picked and printed if empty), the audit after each one.
FUZZ_SEED    ?=
FUZZ_COUNT   ?= 1000000
FUZZ_HV_ARGS ?= audit mem=16M
fuzz: deps all $(BUILD)/tests/guest/fuzz/fuzz.elf
	@scripts/fuzz.sh --seed "$(FUZZ_SEED)" --count $(FUZZ_COUNT) --hv-args "$(FUZZ_HV_ARGS)"

# apps/bench on pvx and Xen 4.17 under -icount shift=0, REPS times each (default 3).
bench: deps all $(HV_NOTRACE_ELF) $(BUILD)/apps/bench/bench.elf $(BUILD)/xen/xen.gz
	@scripts/bench.sh --reps $(or $(REPS),3) $(if $(WALL_REPS),--wall-reps $(WALL_REPS))

# The hypervisor trace (docs/trace.md): the serial log under -icount shift=0
# (timestamps in instructions), then scripts/trace-view.py draws it.  The
# pictures are drawn even when the guest fails (if there are records); make
# then fails with the run's status and the log's last lines.
TRACE     ?= all
TRACE_OUT := $(BUILD)/trace/$(APP)
trace: deps all $(GUEST)
	@mkdir -p $(TRACE_OUT)
	@status=0; log=$(TRACE_OUT)/serial.log; \
	$(RUN) --system pvx --hv $(HV_ELF) --guest $(GUEST) \
	    --hv-args "$(HV_ARGS) trace=$(TRACE) trace_to=serial" --guest-args "$(GUEST_ARGS)" \
	    --qemu-args "-icount shift=0" --log $$log >/dev/null 2>&1 || status=$$?; \
	if [ $$status -eq 0 ] || grep -q '^trace: ' $$log; then \
	    python3 scripts/trace-view.py $$log --out $(TRACE_OUT) || exit 1; fi; \
	[ $$status -eq 0 ] || { echo "make trace: the run ended with status $$status ($$log):"; \
	    tail -n 3 $$log | sed 's/^/  | /'; exit $$status; }

# The tour's pictures for docs/tour.md (apps/tour prints "tour: step <N>: ...").
tour:
	@[ -d apps/tour ] || { echo "make tour: apps/tour does not exist on this branch" \
	    "(it is the guided tour app; make trace APP=<name> works for any app)"; exit 1; }
	@$(MAKE) --no-print-directory trace APP=tour
	@mkdir -p docs/tour
	@rm -f docs/tour/tree-*.png
	@cp $(BUILD)/trace/tour/timeline.png $(BUILD)/trace/tour/tree-*.png docs/tour/
	@echo "tour: timeline.png and $$(ls $(BUILD)/trace/tour/tree-*.png | wc -l) tree pictures in docs/tour/"

clean:
	rm -rf $(BUILD)
