/*
 * hello: the first unikernel.  It greets (boot time is measured to that first
 * line), shows what the builder handed over in start_info, asks the hypervisor
 * who it is with xen_version, and exercises the parts of newlib that need the
 * guest's glue or the FPU: 64-bit and floating-point printf, strtol, and a
 * 4 MiB malloc from the _sbrk heap.  It exits 0 when every check passes, 1
 * otherwise, so a run can be judged by its status alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/console.h"
#include "kernel/hypercall.h"
#include "kernel/start.h"

#define BIG_ALLOC (4UL << 20)

struct flag_name {
    uint64_t mask;
    const char *name;
};

#define XENFEAT(name) { 1ULL << XENFEAT_##name, #name }

static const struct flag_name sif_names[] = {
    { SIF_PRIVILEGED, "privileged" },
    { SIF_INITDOMAIN, "initdomain" },
    { SIF_MULTIBOOT_MOD, "multiboot_mod" },
    { SIF_MOD_START_PFN, "mod_start_pfn" },
};

static const struct flag_name xenfeat_names[] = {
    XENFEAT(writable_page_tables), XENFEAT(writable_descriptor_tables),
    XENFEAT(auto_translated_physmap), XENFEAT(supervisor_mode_kernel),
    XENFEAT(pae_pgdir_above_4gb), XENFEAT(mmu_pt_update_preserve_ad),
    XENFEAT(highmem_assist), XENFEAT(gnttab_map_avail_bits),
    XENFEAT(hvm_callback_vector), XENFEAT(dom0), XENFEAT(direct_mapped),
};

/* Print " a|b" for the flags of value named in names[0..n-1]. */
static void print_flags(uint64_t value, const struct flag_name *names, size_t n)
{
    const char *sep = " ";

    for (size_t i = 0; i < n; i++) {
        if (value & names[i].mask) {
            printf("%s%s", sep, names[i].name);
            sep = "|";
        }
    }
}

/* Print the fields of start_info that describe the domain and its bootstrap region. */
static void show_start_info(const struct start_info *si)
{
    printf("start_info at %p:\n", (const void *)si);
    printf("  magic         %.32s\n", si->magic);
    printf("  nr_pages      %llu (%llu MiB)\n", (unsigned long long)si->nr_pages,
           (unsigned long long)si->nr_pages >> 8);
    printf("  shared_info   MA 0x%llx\n", (unsigned long long)si->shared_info);
    printf("  flags         0x%x", si->flags);
    print_flags(si->flags, sif_names, sizeof(sif_names) / sizeof(sif_names[0]));
    printf(", power-management bits 0x%x\n", (si->flags >> 8) & 0xff);
    printf("  pt_base       0x%llx\n", (unsigned long long)si->pt_base);
    printf("  nr_pt_frames  %llu\n", (unsigned long long)si->nr_pt_frames);
    printf("  mfn_list      0x%llx\n", (unsigned long long)si->mfn_list);
    printf("  mod_start     0x%llx, mod_len %llu\n", (unsigned long long)si->mod_start,
           (unsigned long long)si->mod_len);
    printf("  cmd_line      \"%.*s\"\n", GUEST_CMDLINE_SIZE, si->cmd_line);
}

/* Ask the hypervisor for its version, extraversion, capabilities and features. */
static void show_xen_version(void)
{
    static char capabilities[XENVER_CAPABILITIES_LEN];
    char extra[XENVER_EXTRAVERSION_LEN + 1] = { 0 };
    struct xen_feature_info features = { .submap_idx = 0 };
    long version = hypercall_xen_version(XENVER_version, NULL);
    long rc_extra = hypercall_xen_version(XENVER_extraversion, extra);
    long rc_caps = hypercall_xen_version(XENVER_capabilities, capabilities);
    long rc_feat = hypercall_xen_version(XENVER_get_features, &features);

    capabilities[sizeof(capabilities) - 1] = '\0';
    printf("xen_version:\n");
    printf("  version       %ld.%ld\n", version >> 16, version & 0xffff);
    printf("  extraversion  \"%s\" (rc %ld)\n", extra, rc_extra);
    printf("  capabilities  \"%s\" (rc %ld)\n", capabilities, rc_caps);
    printf("  features[0]   0x%08x (rc %ld)", features.submap, rc_feat);
    print_flags(features.submap, xenfeat_names, sizeof(xenfeat_names) / sizeof(xenfeat_names[0]));
    printf("\n");
}

/* Report one check; returns 1 if it failed, 0 if it passed. */
static int check(const char *what, int ok)
{
    printf("  %-44s %s\n", what, ok ? "ok" : "FAIL");
    return !ok;
}

/* Exercise newlib: printf conversions, strtol, malloc.  Returns the number of failures. */
static int exercise_newlib(void)
{
    char buf[64];
    int failures = 0;
    unsigned char *p;

    printf("newlib:\n");
    printf("  %%llx  0x%llx\n", 0xfedcba9876543210ULL);
    printf("  %%lld  %lld\n", -9223372036854775807LL - 1);
    printf("  %%.6f  %.6f\n", 3.14159265);
    printf("  %%e    %e\n", 6.02214076e23);

    snprintf(buf, sizeof(buf), "%llx %lld", 0xfedcba9876543210ULL, -1234567890123LL);
    failures += check("snprintf 64-bit", strcmp(buf, "fedcba9876543210 -1234567890123") == 0);
    snprintf(buf, sizeof(buf), "%.6f %e", 3.14159265, 6.02214076e23);
    failures += check("snprintf floating point", strcmp(buf, "3.141593 6.022141e+23") == 0);
    failures += check("strtol(\"0x7fff1234\", 16)", strtol("0x7fff1234", NULL, 16) == 0x7fff1234);
    failures += check("strtol(\"-42\", 10)", strtol("-42", NULL, 10) == -42);

    p = malloc(BIG_ALLOC);
    failures += check("malloc 4 MiB", p != NULL);
    if (p != NULL) {
        size_t bad = 0;

        memset(p, 0x5a, BIG_ALLOC);
        for (size_t i = 0; i < BIG_ALLOC; i++)
            bad += p[i] != 0x5a;
        failures += check("memset 4 MiB and read back", bad == 0);
        free(p);
    }
    return failures;
}

/* Greet, show the environment, run the newlib checks; 0 if all passed. */
int main(int argc, char **argv)
{
    int failures;

    printf("hello from pvx guest\n");
    printf("argc %d:", argc);
    for (int i = 0; i < argc; i++)
        printf(" [%d] %s", i, argv[i]);
    printf("\n");

    show_start_info(guest_start_info);
    show_xen_version();
    failures = exercise_newlib();
    printf("hello: %s\n", failures == 0 ? "all checks passed" : "some checks FAILED");
    return failures == 0 ? 0 : 1;
}
