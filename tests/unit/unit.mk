# Host unit tests (cmocka) for the hypervisor code that needs no CPU: the
# guest image checks, the command line, the bootstrap layout, the formatter,
# the trace's record lines, and the PV MMU (page types, per-level validation, entry updates, segment
# descriptors) against a fake machine memory (fake_machine.[ch]).  The hv
# sources are compiled unmodified for the host; their "lib/printf.h" and
# "lib/string.h" declare the C library's prototypes, so they link against
# the host libc instead of hv/lib/*.c.
#
#   make unit-tests-build     build $(UNIT_TESTS); tests/run.sh runs each one
#
# Each binary prints cmocka's summary: "[  PASSED  ] N test(s)." or
# "[  FAILED  ] N test(s), listed below:".  AddressSanitizer and UBSan abort
# the binary on the first error (with its report), so a memory bug cannot
# pass as a green test.

UNIT_DIR    := $(BUILD)/tests/unit
UNIT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
               -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
               -Ihv -I. -Itests/unit -MMD -MP
UNIT_LDLIBS := -fsanitize=address,undefined -lcmocka

UNIT_TESTS  := $(UNIT_DIR)/elf_image $(UNIT_DIR)/cmdline $(UNIT_DIR)/boot_layout $(UNIT_DIR)/format \
               $(UNIT_DIR)/trace_format

# The MM tests: -DPVX_UNIT_TEST points hv/mm/directmap.h at the fake machine
# memory, and pt_validate/pt_devalidate are wrapped so that the tests can
# count the tables validated and devalidated (pte_rules tests pure functions
# and needs neither).
UNIT_CFLAGS    += -DPVX_UNIT_TEST
UNIT_MM_TESTS  := $(UNIT_DIR)/page_types $(UNIT_DIR)/pt_validate $(UNIT_DIR)/pt_update \
                  $(UNIT_DIR)/descriptor $(UNIT_DIR)/pte_rules
UNIT_TESTS     += $(UNIT_MM_TESTS)
UNIT_MM_OBJS   := $(UNIT_DIR)/fake_machine.o $(UNIT_DIR)/hv/mm/page_type.o \
                  $(UNIT_DIR)/hv/mm/pt_validate.o $(UNIT_DIR)/hv/mm/pt_update.o \
                  $(UNIT_DIR)/hv/mm/audit.o $(UNIT_DIR)/hv/domain/descriptor.o

# Objects of each test: its own file plus the hv sources it tests.
UNIT_OBJS_elf_image   := $(UNIT_DIR)/test_elf_image.o $(UNIT_DIR)/elf_builder.o \
                         $(UNIT_DIR)/hv/domain/elf_image.o $(UNIT_DIR)/hv/domain/elf_notes.o
UNIT_OBJS_cmdline     := $(UNIT_DIR)/test_cmdline.o $(UNIT_DIR)/hv/boot/cmdline.o \
                         $(UNIT_DIR)/hv/trace/trace_option.o
UNIT_OBJS_trace_format := $(UNIT_DIR)/test_trace_format.o $(UNIT_DIR)/hv/trace/trace_format.o
UNIT_OBJS_boot_layout := $(UNIT_DIR)/test_boot_layout.o $(UNIT_DIR)/hv/domain/boot_layout.o
UNIT_OBJS_format      := $(UNIT_DIR)/test_format.o $(UNIT_DIR)/hv/lib/format.o
UNIT_OBJS_page_types  := $(UNIT_DIR)/test_page_types.o $(UNIT_MM_OBJS)
UNIT_OBJS_pt_validate := $(UNIT_DIR)/test_pt_validate.o $(UNIT_MM_OBJS)
UNIT_OBJS_pt_update   := $(UNIT_DIR)/test_pt_update.o $(UNIT_MM_OBJS)
UNIT_OBJS_descriptor  := $(UNIT_DIR)/test_descriptor.o $(UNIT_MM_OBJS)
UNIT_OBJS_pte_rules   := $(UNIT_DIR)/test_pte_rules.o
UNIT_OBJS := $(foreach t,$(notdir $(UNIT_TESTS)),$(UNIT_OBJS_$(t)))

.PHONY: unit-tests-build
unit-tests-build: $(UNIT_TESTS)

$(UNIT_DIR)/elf_image: $(UNIT_OBJS_elf_image)
$(UNIT_DIR)/cmdline: $(UNIT_OBJS_cmdline)
$(UNIT_DIR)/boot_layout: $(UNIT_OBJS_boot_layout)
$(UNIT_DIR)/format: $(UNIT_OBJS_format)
$(UNIT_DIR)/trace_format: $(UNIT_OBJS_trace_format)
$(UNIT_DIR)/page_types: $(UNIT_OBJS_page_types)
$(UNIT_DIR)/pt_validate: $(UNIT_OBJS_pt_validate)
$(UNIT_DIR)/pt_update: $(UNIT_OBJS_pt_update)
$(UNIT_DIR)/descriptor: $(UNIT_OBJS_descriptor)
$(UNIT_DIR)/pte_rules: $(UNIT_OBJS_pte_rules)
$(filter-out %/pte_rules,$(UNIT_MM_TESTS)): UNIT_LDLIBS += -Wl,--wrap=pt_validate -Wl,--wrap=pt_devalidate
$(UNIT_TESTS):
	@echo "  LD      $@"
	@$(CC) -o $@ $^ $(UNIT_LDLIBS)

# format.c defines vsnprintf and snprintf, which would replace the host's.
$(UNIT_DIR)/hv/lib/format.o: UNIT_EXTRA_CFLAGS := -Dvsnprintf=hv_vsnprintf -Dsnprintf=hv_snprintf

$(UNIT_DIR)/hv/%.o: hv/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (host)"
	@$(CC) $(UNIT_CFLAGS) $(UNIT_EXTRA_CFLAGS) -c $< -o $@

$(UNIT_DIR)/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(UNIT_CFLAGS) -c $< -o $@

-include $(UNIT_OBJS:.o=.d)
