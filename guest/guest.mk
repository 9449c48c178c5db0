# The guest kernel library, libpvx.a: start of day, hypercalls, console, exit
# (guest/kernel), memory management (guest/mm) and the newlib glue
# (guest/lib).  Applications link it with newlib through the guest_image
# macro in apps/apps.mk.
#
# -fno-omit-frame-pointer keeps the rbp chain that crash reports walk
# (guest/kernel/backtrace.c).  _POSIX_TIMERS and _POSIX_MONOTONIC_CLOCK make
# newlib's <time.h> declare clock_gettime, nanosleep and CLOCK_MONOTONIC,
# which guest/lib/time.c provides.
#
# Include paths: the repository root and guest/, so code writes
# "abi/start_info.h" and "kernel/console.h".  The abi/ headers are not put on
# the path directly because abi/errno.h and abi/sched.h would hide newlib's
# <errno.h> and <sched.h>.

NEWLIB_DIR    := $(BUILD)/newlib
NEWLIB_STAMP  := $(NEWLIB_DIR)/.stamp
NEWLIB_INC    := $(NEWLIB_DIR)/x86_64-elf/include
NEWLIB_LIBS   := $(NEWLIB_DIR)/x86_64-elf/lib/libc.a $(NEWLIB_DIR)/x86_64-elf/lib/libm.a
LIBGCC        := $(shell $(CC) -print-libgcc-file-name)

# Everything but the code model, which depends on where an image is linked.
GUEST_CFLAGS_COMMON := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
              -ffreestanding -mno-red-zone -fno-pic -fno-pie -fno-stack-protector \
              -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
              -D_POSIX_TIMERS=200809L -D_POSIX_MONOTONIC_CLOCK=200809L \
              -nostdinc -isystem $(NEWLIB_INC) -isystem $(shell $(CC) -print-file-name=include) \
              -I. -Iguest -MMD -MP
GUEST_CFLAGS  := $(GUEST_CFLAGS_COMMON) -mcmodel=kernel

GUEST_LIB     := $(BUILD)/guest/libpvx.a
GUEST_LD      := guest/kernel/guest.ld
GUEST_SRCS    := $(wildcard guest/kernel/*.c guest/kernel/*.S guest/lib/*.c guest/mm/*.c)
GUEST_OBJS    := $(patsubst guest/%,$(BUILD)/guest/%.o,$(GUEST_SRCS))

.PHONY: guest newlib
guest: $(GUEST_LIB)
newlib: $(NEWLIB_STAMP)

# newlib is built once; the script skips the build when the stamp matches its flags.
$(NEWLIB_STAMP): scripts/newlib.sh | deps
	@scripts/newlib.sh $(NEWLIB_DIR)

$(BUILD)/guest/%.c.o: guest/%.c | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guest/%.S.o: guest/%.S | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_LIB): $(GUEST_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

-include $(GUEST_OBJS:.o=.d)
