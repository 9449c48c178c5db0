# The hypervisor: a freestanding x86-64 ELF loaded by GRUB2 (Multiboot2) or by
# qemu -kernel (Multiboot1, the same image relabelled as ELF32 by scripts/run.sh).
#
#   build/hv/hv.elf           the hypervisor
#   build/hv-notrace/hv.elf   the same without the trace (-DPVX_NO_TRACE), what
#                             scripts/trace-cost.sh measures the trace's cost against
#
# After the link, scripts/trace-calls.sh writes the places of the calls the
# trace may redirect into the image (hv/trace/trace_calls.c).

HV_ELF         := $(BUILD)/hv/hv.elf
HV_NOTRACE_ELF := $(BUILD)/hv-notrace/hv.elf
HV_SRCS        := $(wildcard hv/*/*.c) $(wildcard hv/*/*.S)
HV_CFLAGS  := -std=gnu11 -O2 -flto -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
              -ffreestanding -fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
              -mno-red-zone -mno-sse -mno-mmx -mno-80387 -fpie -mcmodel=small \
              -fno-stack-protector -fno-asynchronous-unwind-tables -fno-strict-aliasing -MMD -MP \
              -Ihv -I.
ifeq ($(DEBUG),1)
HV_CFLAGS  += -DPVX_DEBUG=1     # make DEBUG=1: the frame-table audit always on
endif
HV_LDFLAGS := -flto -flto-partition=one -O2 -nostdlib -static -no-pie -z max-page-size=4096 -Wl,--build-id=none -Wl,--no-warn-rwx-segments

# hv_image(<dir>, <extra CFLAGS>): the rules for $(BUILD)/<dir>/hv.elf.
define hv_image
$(BUILD)/$(1)/%.c.o: hv/%.c
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<$(if $(2), $(2))"
	@$$(CC) $$(HV_CFLAGS) $(2) -c $$< -o $$@

$(BUILD)/$(1)/%.S.o: hv/%.S
	@mkdir -p $$(dir $$@)
	@echo "  AS      $$<$(if $(2), $(2))"
	@$$(CC) $$(HV_CFLAGS) $(2) -D__ASSEMBLY__ -c $$< -o $$@

$(BUILD)/$(1)/hv.elf: $(patsubst hv/%,$(BUILD)/$(1)/%.o,$(HV_SRCS)) hv/hv.ld scripts/trace-calls.sh
	@echo "  LD      $$@"
	@$$(CC) $$(HV_LDFLAGS) -T hv/hv.ld -o $$@.tmp $$(filter %.o,$$^) -lgcc
	@scripts/trace-calls.sh $$@.tmp >/dev/null
	@mv $$@.tmp $$@
	@size $$@ | tail -1 | awk '{printf "hv: %s (text %d, data %d, bss %d bytes)\n", "$$@", $$$$1, $$$$2, $$$$3}'

$(patsubst hv/%,$(BUILD)/$(1)/%.o,$(HV_SRCS)): hv/hv.mk
-include $(patsubst hv/%,$(BUILD)/$(1)/%.d,$(HV_SRCS))
endef

$(eval $(call hv_image,hv,))
$(eval $(call hv_image,hv-notrace,-DPVX_NO_TRACE))

.PHONY: hv
hv: $(HV_ELF)
