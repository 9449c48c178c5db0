# Unikernel images: one per folder apps/<name>/, built as build/apps/<name>/<name>.elf.
#
#   $(eval $(call guest_image,<image.elf>,<source globs>[,<link base>]))
#
# links one image from the given .c/.S sources, libpvx.a, newlib (libc, libm) and
# libgcc, with guest/kernel/guest.ld.  argv[0] is the image's file name without
# its extension.  The link base defaults to GUEST_BASE_DEFAULT (the top 2 GiB,
# -mcmodel=kernel); a base below 2 GiB, such as 0 ("virtual == pseudo-physical"),
# compiles the image's own sources with -mcmodel=small.  libpvx.a and newlib are
# always -mcmodel=kernel: their sign-extended 32-bit absolute relocations reach
# the bottom 2 GiB as well as the top, and the linker checks each one.
# Tests reuse the macro for their own images (tests/guest/<name>/).

GUEST_BASE_DEFAULT := 0xffffffff80000000
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 -z noexecstack -Wl,--build-id=none

# $(call guest_code_model,<base>): kernel for a base in the top 2 GiB, else small.
guest_code_model = $(if $(filter $(addprefix 0xffffffff,$(addsuffix %,8 9 a b c d e f)),$(1)),kernel,small)

define guest_image
$(1)_BASE  := $(or $(3),$(GUEST_BASE_DEFAULT))
$(1)_MODEL := $$(call guest_code_model,$$($(1)_BASE))
$(1)_OBJS  := $$(patsubst %,$(dir $(1))obj/%.o,$$(wildcard $(2))) $(dir $(1))obj/app_name.o

$(dir $(1))obj/%.o: % | $(NEWLIB_STAMP)
	@mkdir -p $$(dir $$@)
	$(CC) $(GUEST_CFLAGS_COMMON) -mcmodel=$$($(1)_MODEL) -c $$< -o $$@

$(dir $(1))obj/app_name.o: apps/apps.mk
	@mkdir -p $$(dir $$@)
	printf 'const char guest_app_name[] = "%s";\n' $(basename $(notdir $(1))) | \
	    $(CC) -fno-pic -mcmodel=$$($(1)_MODEL) -x c -c - -o $$@

$(1): $$($(1)_OBJS) $(GUEST_LIB) $(GUEST_LD) $(NEWLIB_STAMP)
	$(CC) $(GUEST_LDFLAGS) -Wl,--defsym=GUEST_BASE=$$($(1)_BASE) -T $(GUEST_LD) -o $$@ \
	    $$($(1)_OBJS) -Wl,--start-group $(GUEST_LIB) $(NEWLIB_LIBS) $(LIBGCC) -Wl,--end-group
	@size $$@ | tail -1 | awk '{printf "guest: %s (text %d, data %d, bss %d bytes)\n", "$$@", $$$$1, $$$$2, $$$$3}'

-include $$($(1)_OBJS:.o=.d)
endef

APP_NAMES  := $(notdir $(patsubst %/,%,$(wildcard apps/*/)))
APP_IMAGES := $(foreach a,$(APP_NAMES),$(BUILD)/apps/$(a)/$(a).elf)
$(foreach a,$(APP_NAMES),$(eval $(call guest_image,$(BUILD)/apps/$(a)/$(a).elf,apps/$(a)/*.c apps/$(a)/*.S)))

.PHONY: apps hello-low
apps: $(APP_IMAGES)

# Example of a test image: hello linked at 0, to check that kernels linked
# "virtual == pseudo-physical" load too.
$(eval $(call guest_image,$(BUILD)/tests/hello-low/hello.elf,apps/hello/*.c,0))
hello-low: $(BUILD)/tests/hello-low/hello.elf
