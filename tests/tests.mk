# Tests: host unit tests (tests/unit), in-guest test images (tests/guest/<name>),
# and the boot tests that run them on pvx and on Xen 4.17 (tests/boot/cases).
#
#   make test        everything; the last line is "N passed, N failed"
#   make test-xen    only the cases that run on Xen 4.17

-include tests/unit/unit.mk

GUEST_TEST_NAMES  := $(filter-out lib,$(notdir $(patsubst %/,%,$(wildcard tests/guest/*/))))
GUEST_TEST_IMAGES := $(foreach t,$(GUEST_TEST_NAMES),$(BUILD)/tests/guest/$(t)/$(t).elf)
$(foreach t,$(GUEST_TEST_NAMES),$(eval $(call guest_image,$(BUILD)/tests/guest/$(t)/$(t).elf,tests/guest/$(t)/*.c tests/guest/lib/*.c)))

ELF_MUTATE := $(BUILD)/tests/elf_mutate
$(ELF_MUTATE): tests/boot/elf_mutate.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<

TEST_DEPS := deps all $(HV_NOTRACE_ELF) $(GUEST_TEST_IMAGES) $(BUILD)/tests/hello-low/hello.elf $(ELF_MUTATE) \
             $(BUILD)/xen/xen.gz unit-tests-build

.PHONY: test test-xen
test: $(TEST_DEPS)
	@UNIT_TESTS="$(UNIT_TESTS)" tests/run.sh

test-xen: $(TEST_DEPS)
	@UNIT_TESTS="" tests/run.sh --system xen
