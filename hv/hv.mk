# The hypervisor: a freestanding x86-64 ELF loaded by GRUB2 (Multiboot2) or by
# qemu -kernel (Multiboot1, the same image relabelled as ELF32 by scripts/run.sh).

HV_ELF     := $(BUILD)/hv/hv.elf
HV_SRCS    := $(wildcard hv/*/*.c) $(wildcard hv/*/*.S)
HV_OBJS    := $(patsubst hv/%,$(BUILD)/hv/%.o,$(HV_SRCS))
HV_CFLAGS  := -std=gnu11 -O2 -flto -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
              -ffreestanding -fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
              -mno-red-zone -mno-sse -mno-mmx -mno-80387 -fpie -mcmodel=small \
              -fno-stack-protector -fno-asynchronous-unwind-tables -fno-strict-aliasing -MMD -MP \
              -Ihv -I.
ifeq ($(DEBUG),1)
HV_CFLAGS  += -DPVX_DEBUG=1     # make DEBUG=1: the frame-table audit always on
endif
HV_LDFLAGS := -flto -flto-partition=one -O2 -nostdlib -static -no-pie -z max-page-size=4096 -Wl,--build-id=none -Wl,--no-warn-rwx-segments

.PHONY: hv
hv: $(HV_ELF)

$(BUILD)/hv/%.c.o: hv/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HV_CFLAGS) -c $< -o $@

$(BUILD)/hv/%.S.o: hv/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(HV_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(HV_ELF): $(HV_OBJS) hv/hv.ld
	@echo "  LD      $@"
	@$(CC) $(HV_LDFLAGS) -T hv/hv.ld -o $@ $(HV_OBJS) -lgcc
	@size $@ | tail -1 | awk '{printf "hv: %s (text %d, data %d, bss %d bytes)\n", "$@", $$1, $$2, $$3}'

$(HV_OBJS): hv/hv.mk

-include $(HV_OBJS:.o=.d)
